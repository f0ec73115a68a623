import pg from 'pg';
import { expectRounded } from '../support/assertions.js';
import { loadSyntheticViews } from '../../src/cli/synthetic-views/load-synthetic-views.js';
import { PgSessions } from '../../src/platform/database/pg-sessions.js';
import { ANALYST_KEY, startTestApp, TestApp } from '../support/test-app.js';

describe('synthetic views loader (npm run seed:views) (e2e)', () => {
  let app: TestApp;
  let pool: pg.Pool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await app.close();
  });

  it('loads views with their rollups, rebuilds its indexes, and /stats agrees with the raw rows', async () => {
    const progress: number[] = [];
    const now = new Date();
    const result = await loadSyntheticViews(app.app.get(PgSessions), {
      count: 5000,
      days: 20,
      chunkSize: 2000,
      seed: 7,
      now,
      onProgress: (loaded) => progress.push(loaded),
    });
    expect(result.loaded).toBe(5000);
    expect(progress).toEqual([2000, 4000, 5000]);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS views, sum(duration_minutes) / 60 AS hours, sum(emissions_total_g) AS g,
              count(DISTINCT viewer_country)::int AS countries, min(started_at) AS first, max(started_at) AS last
       FROM views`,
    );
    const raw = rows[0];
    expect(raw.views).toBe(5000);
    expect(raw.countries).toBeGreaterThan(10);
    expect(now.getTime() - new Date(raw.first).getTime()).toBeLessThanOrEqual(21 * 86_400_000);
    expect(new Date(raw.last).getTime()).toBeLessThanOrEqual(now.getTime());
    // The secondary indexes were dropped for the load and rebuilt on every partition.
    const indexes = await pool.query(
      `SELECT indexrelid::regclass::text AS name, indisvalid AS valid FROM pg_index
       WHERE indrelid = 'views'::regclass ORDER BY 1`,
    );
    expect(indexes.rows).toEqual([
      { name: '"IDX_views_region_started_at"', valid: true },
      { name: '"IDX_views_video_id_started_at"', valid: true },
      { name: '"IDX_views_viewer_country_started_at"', valid: true },
      { name: '"PK_views"', valid: true },
    ]);
    const day = 86_400_000;
    const from = new Date(Math.floor(now.getTime() / day) * day - 25 * day).toISOString().slice(0, 10);
    const stats = (
      await app.http
        .get(`/stats?from=${from}&groupBy=viewerCountry`)
        .set({ authorization: `Bearer ${ANALYST_KEY}` })
        .expect(200)
    ).body;
    expect(stats.totals.views).toBe(5000);
    // Answers are rounded (hours to 3 decimals, kg to 4 significant digits: docs/API-NUMBERS.md).
    expectRounded(stats.totals.hoursViewed, raw.hours, 'hours', 1e-9);
    expectRounded(stats.totals.emissionsKg, raw.g / 1000, 'kg', 1e-9);
    expect(stats.groups).toHaveLength(raw.countries);
  });
});
