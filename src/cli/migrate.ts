// `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { withMigratedDatabase } from './migrated-database.js';

await withMigratedDatabase(async () => undefined);
