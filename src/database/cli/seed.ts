// `npm run seed`: migrates, then seeds the reference data (idempotent; admin changes are kept).
import { seedReferenceData } from '../../../seeds/seed-runner.js';
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
  const steps = ['providers', 'regions', 'countries', 'countryBorders', 'regionLinks'] as const;
  const report = await seedReferenceData(dataSource);
  steps.forEach((step, index) => {
    const { inserted, updated } = report[step];
    console.log(`[${index + 1}/${steps.length}] ${step}: ${inserted} inserted, ${updated} updated`);
  });
} finally {
  await dataSource.destroy().catch(() => undefined);
  await database.stop();
}
