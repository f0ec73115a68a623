import { ServiceUnavailableError } from '../kernel/errors.js';

/**
 * Errors that mean "the database is not there" rather than "this statement is wrong": connection
 * refused or lost, the server shutting down, too many connections. They answer 503 (safe to
 * retry: the transaction was rolled back, or never began).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08')) return true; // connection exception
    if (
      ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
    )
      return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed/i.test(
      message,
    )
  );
}

export function unavailable(error: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `The database is unavailable (${error instanceof Error ? error.message : String(error)}); nothing was stored, retry later`,
  );
}
