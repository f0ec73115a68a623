import type { AppConfig } from '../config/env.schema.js';
import { externalDatabase, RunningDatabase, startEmbeddedPostgres } from './embedded-postgres.js';

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR. */
export async function openDatabase(
  config: AppConfig,
  log?: (message: string) => void,
  notice?: (message: string) => void,
): Promise<RunningDatabase> {
  if (config.databaseUrl) return externalDatabase(config.databaseUrl);
  return startEmbeddedPostgres({ dataDir: config.dataDir, log, notice });
}
