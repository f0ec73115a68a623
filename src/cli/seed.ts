// `npm run seed`: migrates, then seeds the reference data (idempotent; admin changes are kept).
import { seedReferenceData } from '../../seeds/seed-runner.js';
import { withMigratedDatabase } from './migrated-database.js';

await withMigratedDatabase(async (dataSource) => {
  const steps = ['providers', 'regions', 'countries', 'countryBorders', 'regionLinks'] as const;
  const report = await seedReferenceData(dataSource);
  steps.forEach((step, index) => {
    const { inserted, updated } = report[step];
    console.log(`[${index + 1}/${steps.length}] ${step}: ${inserted} inserted, ${updated} updated`);
  });
});
