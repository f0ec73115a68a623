// `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { validateEnv } from '../../config/env.schema.js';
import { createDataSource } from '../data-source.js';
import { runMigrations } from '../database-bootstrap.service.js';
import { openDatabase } from '../open-database.js';

const config = validateEnv(process.env);
const database = await openDatabase(config);
const dataSource = createDataSource(database.url, 2);
try {
  await dataSource.initialize();
  await runMigrations(dataSource, (message) => console.log(message));
} finally {
  await dataSource.destroy().catch(() => undefined);
  await database.stop();
}
