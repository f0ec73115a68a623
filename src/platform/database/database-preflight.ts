import pg from 'pg';
import { StartupError } from '../config/startup-error.js';

/**
 * Connects once to DATABASE_URL before the application is built, so that a wrong URL stops the boot
 * with one line naming the variable and the cause (`DATABASE_URL: connection refused at
 * db.internal:5432`) instead of a series of retries. The message never holds the password.
 */
export async function checkDatabaseReachable(url: string, timeoutMs: number): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new StartupError('DATABASE_URL', 'not a URL');
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A failure after connecting (server restart) is the pool's business later, not this check's.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError('DATABASE_URL', describeConnectionError(error, target, timeoutMs), {
      cause: error,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What went wrong, in words, with the host and port (or database and user) it concerns. */
export function describeConnectionError(error: unknown, target: URL, timeoutMs: number): string {
  const host = target.hostname || 'localhost';
  const where = `${host}:${target.port || '5432'}`;
  const database =
    decodeURIComponent(target.pathname.replace(/^\//, '')) || decodeURIComponent(target.username);
  const user = decodeURIComponent(target.username);
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${where} (is PostgreSQL running there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${host}`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${where}`;
    case '28P01':
    case '28000':
      return `authentication failed for user "${user}" at ${where}`;
    case '3D000':
      return `database "${database}" does not exist at ${where}`;
    default:
      if (message !== undefined && /timeout/i.test(message))
        return `no answer from ${where} within ${timeoutMs} ms`;
      return `cannot connect to ${where}: ${message ?? String(error)}`;
  }
}
