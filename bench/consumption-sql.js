// The database's own ceiling for POST /consumption: the views repository's insert statement run
// directly (no HTTP, no Nest, no validation), 1,000 views per statement, by 1, 2 and 4 sessions,
// 5 s each, on a fresh embedded PostgreSQL in a temporary directory (removed afterwards).
//   npm run build && node bench/consumption-sql.js
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = (path) => new URL(`../dist/src/${path}`, import.meta.url).href;
const { startEmbeddedPostgres } = await import(dist('platform/database/embedded-postgres.js'));
const { createDataSource } = await import(dist('data-source.js'));
const { INSERT_VIEWS_SQL, insertViewsParams: viewArrays } = await import(
  dist('consumption/persistence/views.repository.js')
);
const { ensureViewPartitions } = await import(dist('consumption/persistence/view-partitions.js'));
const { partitionsAhead } = await import(dist('consumption/domain/partitions.js'));

const DAY = 86_400_000;
const dataDir = await mkdtemp(join(tmpdir(), 'greenstream-bench-sql-'));
const database = await startEmbeddedPostgres({ dataDir });
const dataSource = createDataSource(database.url, 4);
try {
  await dataSource.initialize();
  await dataSource.runMigrations();
  await ensureViewPartitions(dataSource, partitionsAhead(new Date(), 3));
  const now = Date.now();
  let counter = 0;
  // The same shape as bench/consumption.js ingest: 8 countries, 2 regions, 500 videos, 30 days.
  const batch = () =>
    Array.from({ length: 1000 }, (_, index) => ({
      clientId: `c${counter++}`,
      videoId: `video-${(index * 7919) % 500}`,
      startedAt: new Date(now - DAY / 2 - ((index * 104_729) % (30 * DAY))),
      durationMinutes: 30,
      resolution: '1080p',
      device: 'tv',
      connection: 'wifi',
      viewerCountry: ['FR', 'DE', 'US', 'GB', 'BR', 'JP', 'IN', 'ES'][index % 8],
      viewerZone: 'FR',
      region: ['aws:eu-west-3', 'aws:us-east-1'][index % 2],
      provider: 'aws',
      dataCentreZone: 'FR',
      model: '1byte',
      dataVolumeGb: 1.5,
      energyKwh: { dataCentre: 0.1, network: 0.2, device: 0.05, embodied: 0, total: 0.35 },
      emissionsG: { dataCentre: 3.1, network: 6.2, device: 1.55, embodied: 0, total: 10.85 },
      dataCentreGCo2ePerKwh: 31,
      viewerGCo2ePerKwh: 31,
      dataCentreSources: ['reference'],
      viewerSources: ['reference'],
    }));
  for (const sessions of [1, 2, 4]) {
    const started = performance.now();
    let statements = 0;
    await Promise.all(
      Array.from({ length: sessions }, async () => {
        while (performance.now() - started < 5000) {
          await dataSource.query(INSERT_VIEWS_SQL, viewArrays('bench', batch()));
          statements++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`[bench:sql] ${sessions} session(s): ${Math.round((statements * 1000) / seconds)} views/s`);
  }
} finally {
  await dataSource.destroy().catch(() => undefined);
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}
