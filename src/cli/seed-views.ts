// `npm run seed:views -- --count N [--days 90] [--chunk 250000] [--seed 1]`: loads N synthetic
// views (and their rollups) with COPY, for benchmarks and demos. Migrates and seeds the reference
// data first. Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR.
import { PgSessions } from '../platform/database/pg-sessions.js';
import { seedReferenceData } from '../../seeds/seed-runner.js';
import { loadSyntheticViews } from './synthetic-views/load-synthetic-views.js';
import { withMigratedDatabase } from './migrated-database.js';

function option(name: string, fallback?: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const text = index === -1 ? undefined : process.argv[index + 1];
  if (text === undefined) {
    if (fallback === undefined) {
      console.error(`--${name} is required, e.g. npm run seed:views -- --count 100000`);
      process.exit(2);
    }
    return fallback;
  }
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer (got '${text}')`);
    process.exit(2);
  }
  return value;
}

const count = option('count');
const days = option('days', 90);
const chunkSize = option('chunk', 250_000);
const seed = option('seed', 1);

function bar(share: number, width = 30): string {
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

await withMigratedDatabase(async (dataSource) => {
  await seedReferenceData(dataSource);
  console.log(`Loading ${count.toLocaleString('en')} views over the last ${days} days (seed ${seed})`);
  const { loaded, seconds } = await loadSyntheticViews(new PgSessions(dataSource), {
    count,
    days,
    chunkSize,
    seed,
    now: new Date(),
    onIndex: (name, seconds) => console.log(`Index ${name} built in ${seconds.toFixed(1)} s`),
    onProgress: (done, total, elapsed) => {
      const rate = done / Math.max(elapsed, 0.001);
      console.log(
        `${bar(done / total)} ${done.toLocaleString('en')}/${total.toLocaleString('en')} views ` +
          `(${Math.round((done / total) * 100)} %), ${Math.round(rate).toLocaleString('en')} views/s, ` +
          `ETA ${Math.round((total - done) / rate)} s`,
      );
    },
  });
  await dataSource.query('ANALYZE views');
  await dataSource.query('ANALYZE view_rollups');
  console.log(
    `Loaded ${loaded.toLocaleString('en')} views in ${seconds.toFixed(1)} s (${Math.round(loaded / seconds).toLocaleString('en')} views/s)`,
  );
});
