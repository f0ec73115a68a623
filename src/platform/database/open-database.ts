import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AppConfig } from '../config/env.schema.js';
import { StartupError } from '../config/startup-error.js';
import { checkDatabaseReachable } from './database-preflight.js';
import { externalDatabase, RunningDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

/** How long the start-up check waits for DATABASE_URL to accept a connection. */
const DATABASE_CHECK_TIMEOUT_MS = 10_000;

/**
 * DATABASE_URL when set (checked reachable first); otherwise the embedded PostgreSQL under DATA_DIR.
 * A configuration that cannot work throws `StartupError` naming the variable.
 */
export async function openDatabase(
  config: AppConfig,
  log?: (message: string) => void,
  notice?: (message: string) => void,
): Promise<RunningDatabase> {
  if (config.databaseUrl) {
    await checkDatabaseReachable(config.databaseUrl, DATABASE_CHECK_TIMEOUT_MS);
    return externalDatabase(config.databaseUrl);
  }
  await prepareDataDir(config.dataDir);
  return startEmbeddedPostgres({ dataDir: config.dataDir, log, notice });
}

/** DATA_DIR must be a folder, or a path where one can be created. */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const path = resolve(dataDir);
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new StartupError('DATA_DIR', `not a directory: ${path}`);
  }
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR'
          ? 'a parent of it is not a directory'
          : String((error as Error).message);
    throw new StartupError('DATA_DIR', `cannot create ${path}: ${reason}`, { cause: error });
  }
}
