import { DataSource } from 'typeorm';
import { validateEnv } from '../platform/config/env.schema.js';
import { createDataSource } from '../data-source.js';
import { runMigrations } from '../platform/database/database-bootstrap.service.js';
import { openDatabase } from '../platform/database/open-database.js';

/**
 * What every database command-line tool starts and ends with: opens DATABASE_URL (or the embedded
 * PostgreSQL under DATA_DIR), applies pending migrations, runs `work`, then closes the connection
 * and stops the embedded server, whatever happened.
 */
export async function withMigratedDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = validateEnv(process.env);
  const database = await openDatabase(config);
  const dataSource = createDataSource(database.url, 2);
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, (message) => console.log(message));
    return await work(dataSource);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.stop();
  }
}
