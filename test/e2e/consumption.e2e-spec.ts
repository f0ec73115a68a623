import pg from 'pg';
import { EventBus } from '../../src/platform/events/event-bus.js';
import { VIEWS_INGESTED } from '../../src/consumption/consumption.events.js';
import { PgSessions } from '../../src/platform/database/pg-sessions.js';
import { IngestViews } from '../../src/consumption/ingest-views.js';
import { RollupsRepository } from '../../src/consumption/persistence/rollups.repository.js';
import type { ViewRow } from '../../src/consumption/domain/view-row.js';
import { VIEW_COLUMNS } from '../../src/consumption/persistence/view-columns.js';
import { ViewColumnsSql } from '../../src/consumption/persistence/view-columns-sql.js';
import { ViewsBulkLoader } from '../../src/consumption/persistence/views-bulk-loader.js';
import { insertViewsSql } from '../../src/consumption/persistence/views.repository.js';
import { partitionsCovering } from '../../src/consumption/domain/partitions.js';
import { ensureViewPartitions } from '../../src/consumption/persistence/view-partitions.js';
import { RollupCompactionService } from '../../src/consumption/jobs/rollup-compaction.service.js';
import { ANALYST_KEY, PROVIDER_KEY, startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { expectClose, expectRounded, ROUNDED_RELATIVE } from '../support/assertions.js';

/** Sums of the same rows in another order (rollups against raw rows) agree to this, relative. */
const SUM_ORDER = 1e-9;
import { randomViews, seededRandom as random, viewRow } from '../factories/view.factory.js';
import type { ViewInputDto as ViewBody } from '../../src/consumption/http/consumption.dto.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../src/platform/kernel/time.js';

const HOUR = MS_PER_HOUR;
const DAY = MS_PER_DAY;
/** Reference (yearly) intensity of FR without a token: 31 gCO2e/kWh. */
const FR_REFERENCE = 31;

interface StoredView {
  resolution: string;
  device: string;
  connection: string;
  model: string;
  dataVolumeGb: number;
  energyKwh: Record<string, number>;
  emissionsG: Record<string, number>;
  intensity: Record<'dataCentre' | 'viewer', { zone: string; gCo2ePerKwh: number; sources: string[] }>;
}

describe('POST /consumption, GET /consumption, GET /stats (e2e)', () => {
  let app: TestApp;
  let db: pg.Client;
  const provider = { authorization: `Bearer ${PROVIDER_KEY}` };
  const analyst = { authorization: `Bearer ${ANALYST_KEY}` };

  beforeAll(async () => {
    // Compaction runs when a test says so (its timer is tested with an app of its own).
    app = await startTestApp({ env: { ROLLUP_COMPACTION_INTERVAL_MS: '0' } });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await app.close();
  });

  async function count(table: string): Promise<number> {
    return Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  }

  async function clear(): Promise<void> {
    await db.query('TRUNCATE views, view_rollups, view_rollup_deltas, view_client_ids, idempotency_records');
  }

  /** Views counted by the rollups of the 'all' dimension: folded rows plus pending deltas. */
  async function rollupViews(): Promise<number> {
    const { rows } = await db.query(
      `SELECT coalesce(sum(views), 0)::int AS n FROM (
         SELECT views FROM view_rollups WHERE dimension = 'all'
         UNION ALL SELECT views FROM view_rollup_deltas WHERE dimension = 'all') r`,
    );
    return rows[0].n as number;
  }

  function compact(): Promise<void> {
    return app.app.get(RollupCompactionService).compact();
  }

  beforeEach(clear);

  it('needs a provider key to write and an analyst key to read', async () => {
    const body = { views: randomViews(random(1), 1, Date.now()) };
    await app.http.post('/consumption').send(body).expect(401);
    await app.http.post('/consumption').set(analyst).send(body).expect(403);
    await app.http.get('/consumption').expect(401);
    await app.http.get('/consumption').set(provider).expect(403);
    await app.http.get('/stats').set(provider).expect(403);
    await app.http.get('/stats').expect(401);
    expect(await count('views')).toBe(0);
  });

  it('rejects a batch with one bad view, naming its index and field, and stores nothing', async () => {
    const views = randomViews(random(2), 10, Date.now());
    (views[3] as ViewBody).durationMinutes = -5;
    const response = await app.http.post('/consumption').set(provider).send({ views }).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([
      { field: 'views[3].durationMinutes', message: expect.stringContaining('greater than 0') },
    ]);
    expect(await count('views')).toBe(0);
    expect(await count('view_client_ids')).toBe(0);
    expect(await count('view_rollups')).toBe(0);
    expect(await count('view_rollup_deltas')).toBe(0);
  });

  it('names unknown countries, regions, enums, fields and bad dates', async () => {
    const views: Record<string, unknown>[] = randomViews(random(3), 6, Date.now()).map((view) => ({
      ...view,
    }));
    (views[0] as Record<string, unknown>).viewerCountry = 'QQ';
    (views[1] as Record<string, unknown>).region = 'aws:nowhere-1';
    (views[2] as Record<string, unknown>).resolution = '8k';
    (views[3] as Record<string, unknown>).colour = 'blue';
    (views[4] as Record<string, unknown>).startedAt = new Date(Date.now() + DAY).toISOString();
    (views[5] as Record<string, unknown>).startedAt = 'yesterday';
    const response = await app.http.post('/consumption').set(provider).send({ views }).expect(400);
    const fields = response.body.errors.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'views[2].resolution',
        'views[3].colour',
        'views[4].startedAt',
        'views[5].startedAt',
      ]),
    );
    // Countries and regions are checked once the shape is right.
    (views[2] as Record<string, unknown>).resolution = '720p';
    delete (views[3] as Record<string, unknown>).colour;
    views.splice(4, 2);
    const places = await app.http.post('/consumption').set(provider).send({ views }).expect(400);
    expect(places.body.errors.map((problem: { field: string }) => problem.field)).toEqual([
      'views[0].viewerCountry',
      'views[1].region',
    ]);
    await app.http.post('/consumption').set(provider).send({ views: [] }).expect(400);
    await app.http.post('/consumption').set(provider).send({ rows: [] }).expect(400);
    const tooMany = Array.from({ length: 10_001 }, () => views[2]);
    const big = await app.http.post('/consumption').set(provider).send({ views: tooMany }).expect(400);
    expect(big.body.errors[0].field).toBe('views');
    expect(await count('views')).toBe(0);
  });

  it('counts a resent batch as duplicates and adds no row; a clientId twice in a batch is one view', async () => {
    const views = randomViews(random(4), 50, Date.now());
    const first = await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    expect(first.body).toEqual({ accepted: 50, duplicates: 0 });
    expect(await rollupViews()).toBe(50);
    const again = await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    expect(again.body).toEqual({ accepted: 0, duplicates: 50 });
    expect(await count('views')).toBe(50);
    expect(await rollupViews()).toBe(50);

    const twice = randomViews(random(5), 2, Date.now());
    (twice[1] as ViewBody).clientId = (twice[0] as ViewBody).clientId;
    const mixed = await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: [...twice, views[0]] })
      .expect(201);
    expect(mixed.body).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count('views')).toBe(51);
  });

  it('tells ingestion observers how many views each request stored, and survives a failing one', async () => {
    const service = app.app.get(IngestViews);
    const events = app.app.get(EventBus);
    const seen: { accepted: number; duplicates: number }[] = [];
    events.on(VIEWS_INGESTED, (counts) => seen.push(counts));
    events.on(VIEWS_INGESTED, () => {
      throw new Error('metrics down');
    });
    const before = service.ingested.accepted;
    const views = randomViews(random(13), 3, Date.now());
    await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    expect(seen.slice(-2).map(({ accepted, duplicates }) => ({ accepted, duplicates }))).toEqual([
      { accepted: 3, duplicates: 0 },
      { accepted: 0, duplicates: 3 },
    ]);
    expect(service.ingested.accepted - before).toBe(3);
  });

  it('replays the first answer to a retry with the same Idempotency-Key, and refuses it for another body', async () => {
    const views = randomViews(random(6), 5, Date.now());
    const first = await app.http
      .post('/consumption')
      .set({ ...provider, 'idempotency-key': 'batch-1' })
      .send({ views })
      .expect(201);
    expect(first.body).toEqual({ accepted: 5, duplicates: 0 });
    const retry = await app.http
      .post('/consumption')
      .set({ ...provider, 'idempotency-key': 'batch-1' })
      .send({ views })
      .expect(201);
    expect(retry.body).toEqual({ accepted: 5, duplicates: 0 });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await count('views')).toBe(5);
    const other = randomViews(random(7), 1, Date.now());
    await app.http
      .post('/consumption')
      .set({ ...provider, 'idempotency-key': 'batch-1' })
      .send({ views: other })
      .expect(409);
    expect(await count('views')).toBe(5);
  });

  it('computes each footprint with the intensity of the hours watched, and stores the sources', async () => {
    // Two stored hours, 40 days ago (older than what the service holds in memory).
    const hour = Math.floor((Date.now() - 40 * DAY) / HOUR) * HOUR;
    await db.query(
      `INSERT INTO intensity_observations (zone, kind, datetime, g_co2e_per_kwh, is_estimated, fetched_at)
       VALUES ('FR', 'measured', $1, 100, false, now()), ('FR', 'measured', $2, 200, false, now())`,
      [new Date(hour), new Date(hour + HOUR)],
    );
    const views: ViewBody[] = [
      // Half an hour in each stored hour: the average is 150.
      {
        clientId: 'history',
        videoId: 'v',
        startedAt: new Date(hour + 30 * 60_000).toISOString(),
        durationMinutes: 60,
        resolution: '1080p',
        device: 'laptop',
        connection: 'wifi',
        viewerCountry: 'FR',
        region: 'aws:eu-west-3',
        model: '1byte',
      },
      // No stored data at all 300 days ago: the yearly reference.
      {
        clientId: 'reference',
        videoId: 'v',
        startedAt: new Date(hour - 260 * DAY).toISOString(),
        durationMinutes: 60,
        viewerCountry: 'FR',
        region: 'aws:eu-west-3',
      },
    ];
    await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    const page = (await app.http.get('/consumption').set(analyst).expect(200)).body;
    const byClient = new Map(page.items.map((item: { clientId: string }) => [item.clientId, item]));
    const history = byClient.get('history') as StoredView;
    expect(history.intensity.dataCentre).toEqual({ zone: 'FR', gCo2ePerKwh: 150, sources: ['stored'] });
    expect(history.intensity.viewer).toEqual({ zone: 'FR', gCo2ePerKwh: 150, sources: ['stored'] });
    expect(history.dataVolumeGb).toBe(3);
    expectRounded(history.energyKwh.network!, 3 * 0.152, 'kWh');
    for (const segment of ['dataCentre', 'network', 'device', 'total']) {
      // Both rounded to 4 significant digits (docs/API-NUMBERS.md).
      expectClose(history.emissionsG[segment]!, history.energyKwh[segment]! * 150, ROUNDED_RELATIVE);
    }
    const reference = byClient.get('reference') as StoredView;
    expect(reference.intensity.dataCentre.sources).toEqual(['reference']);
    expect(reference.intensity.dataCentre.gCo2ePerKwh).toBeCloseTo(FR_REFERENCE, 9);
    expect(reference).toMatchObject({
      resolution: '1080p',
      device: 'laptop',
      connection: 'wifi',
      model: '1byte',
    });
    await db.query(`DELETE FROM intensity_observations WHERE zone = 'FR'`);
  });

  it('answers /stats totals and groups equal to sums over the raw rows, for random batches', async () => {
    const next = random(8);
    const now = Date.now();
    for (let batch = 0; batch < 4; batch += 1) {
      const views = randomViews(next, 150 + Math.floor(next() * 100), now);
      await app.http.post('/consumption').set(provider).send({ views }).expect(201);
      // Half the batches folded into view_rollups, half still pending as deltas: /stats reads both.
      if (batch === 1) await compact();
    }
    expect(await count('view_rollups')).toBeGreaterThan(0);
    expect(await count('view_rollup_deltas')).toBeGreaterThan(0);
    const from = new Date(Math.floor((now - 45 * DAY) / DAY) * DAY);
    const to = new Date(Math.floor(now / DAY) * DAY + DAY);
    const range = `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
    const raw = async (keySql: string) =>
      (
        await db.query(
          `SELECT ${keySql} AS key, count(*)::float8 AS views, sum(duration_minutes) / 60 AS hours,
                  sum(data_volume_gb) AS gb, sum(energy_total_kwh) AS kwh, sum(emissions_total_g) AS g
           FROM views WHERE started_at >= $1 AND started_at < $2 GROUP BY 1 ORDER BY 1`,
          [from, to],
        )
      ).rows as { key: string; views: number; hours: number; gb: number; kwh: number; g: number }[];

    const checks: [string, string][] = [
      ['viewerCountry', 'viewer_country'],
      ['region', 'region'],
      ['provider', 'provider'],
      ['resolution', 'resolution'],
      ['device', 'device'],
      ['connection', 'connection'],
      ['model', 'model'],
      ['video', 'video_id'],
      ['day', `to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`],
      ['month', `to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM')`],
      ['week', `to_char(date_trunc('week', started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`],
    ];
    const [total] = await raw(`'all'`);
    expect(total!.views).toBeGreaterThan(300);
    const answers = new Map<string, unknown>();
    for (const [groupBy, keySql] of checks) {
      const body = (
        await app.http.get(`/stats?${range}&groupBy=${groupBy}&limit=10000`).set(analyst).expect(200)
      ).body;
      expect(body.from).toBe(from.toISOString());
      expect(body.to).toBe(to.toISOString());
      expect(body.totals.views).toBe(total!.views);
      expectRounded(body.totals.hoursViewed, total!.hours, 'hours', SUM_ORDER);
      expectRounded(body.totals.dataVolumeGb, total!.gb, 'GB', SUM_ORDER);
      expectRounded(body.totals.energyKwh, total!.kwh, 'kWh', SUM_ORDER);
      expectRounded(body.totals.emissionsKg, total!.g / 1000, 'kg', SUM_ORDER);
      expectRounded(body.totals.gPerHour, total!.g / total!.hours, 'g', SUM_ORDER);
      const expected = await raw(keySql);
      answers.set(groupBy, body);
      const groups = new Map(body.groups.map((group: { key: string }) => [group.key, group]));
      expect(groups.size).toBe(expected.length);
      for (const row of expected) {
        const group = groups.get(row.key) as Record<string, number>;
        expect(group).toBeDefined();
        expect(group.views).toBe(row.views);
        expectRounded(group.hoursViewed!, row.hours, 'hours', SUM_ORDER);
        expectRounded(group.energyKwh!, row.kwh, 'kWh', SUM_ORDER);
        expectRounded(group.emissionsKg!, row.g / 1000, 'kg', SUM_ORDER);
        expectRounded(group.gPerHour!, row.g / row.hours, 'g', SUM_ORDER);
      }
    }
    // Popularity: most viewed first, limited.
    const popular = (await app.http.get(`/stats?${range}&groupBy=video&limit=3`).set(analyst).expect(200))
      .body;
    const ranked = (await raw('video_id')).sort((a, b) => b.views - a.views || a.key.localeCompare(b.key));
    expect(popular.groups.map((group: { key: string }) => group.key)).toEqual(
      ranked.slice(0, 3).map((row) => row.key),
    );

    // Once every delta is folded in, the answers are the same (sums in another order: equal to 1e-9).
    await compact();
    expect(await count('view_rollup_deltas')).toBe(0);
    for (const [groupBy, before] of answers) {
      const after = (
        await app.http.get(`/stats?${range}&groupBy=${groupBy}&limit=10000`).set(analyst).expect(200)
      ).body;
      expect(after.totals.views).toBe((before as typeof after).totals.views);
      expectRounded(after.totals.emissionsKg, total!.g / 1000, 'kg', SUM_ORDER);
      expect(
        after.groups.map((group: { key: string; views: number }) => `${group.key} ${group.views}`),
      ).toEqual(
        (before as typeof after).groups.map(
          (group: { key: string; views: number }) => `${group.key} ${group.views}`,
        ),
      );
    }
  });

  it('keeps /stats equal to the raw rows while compactions run during concurrent writes', async () => {
    const next = random(21);
    const now = Date.now();
    const batches = Array.from({ length: 12 }, () => randomViews(next, 80, now, 3));
    let writing = true;
    const compactions = (async () => {
      let runs = 0;
      while (writing || runs === 0) {
        await compact();
        runs += 1;
      }
      return runs;
    })();
    // A second compactor at the same time, on its own connection (as another instance would run
    // it): no delta row may be moved twice.
    const rollups = app.app.get(RollupsRepository);
    const racing = (async () => {
      while (writing) await rollups.compact();
    })();
    try {
      await Promise.all(
        batches.map((views) => app.http.post('/consumption').set(provider).send({ views }).expect(201)),
      );
    } finally {
      writing = false;
      await racing;
    }
    expect(await compactions).toBeGreaterThan(0);
    const raw = (
      await db.query(
        `SELECT viewer_country AS key, count(*)::int AS views, sum(emissions_total_g) AS g FROM views GROUP BY 1 ORDER BY 1`,
      )
    ).rows as { key: string; views: number; g: number }[];
    const from = new Date(Math.floor((now - 5 * DAY) / DAY) * DAY).toISOString().slice(0, 10);
    const to = new Date(Math.floor(now / DAY) * DAY + DAY).toISOString().slice(0, 10);
    const stats = (
      await app.http.get(`/stats?from=${from}&to=${to}&groupBy=viewerCountry`).set(analyst).expect(200)
    ).body;
    expect(stats.totals.views).toBe(12 * 80);
    expect(
      stats.groups.map((group: { key: string; views: number }) => [group.key, group.views]).sort(),
    ).toEqual(raw.map((row) => [row.key, row.views]).sort());
    for (const row of raw) {
      const group = stats.groups.find((candidate: { key: string }) => candidate.key === row.key);
      expectRounded(group.emissionsKg, row.g / 1000, 'kg', SUM_ORDER);
    }
  });

  it('reads the totals and the groups of /stats from one snapshot, even when a batch commits between them', async () => {
    const sessions = app.app.get(PgSessions);
    const rollups = app.app.get(RollupsRepository);
    const now = Date.now();
    const from = new Date(Math.floor((now - 5 * DAY) / DAY) * DAY);
    const to = new Date(Math.floor(now / DAY) * DAY + DAY);
    await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: randomViews(random(25), 50, now, 3) })
      .expect(201);
    const seen = await sessions.readSnapshot(async (client) => {
      const days = await rollups.dailyTotals(from, to, client);
      // Another connection records a second batch before the groups are read.
      await app.http
        .post('/consumption')
        .set(provider)
        .send({ views: randomViews(random(26), 30, now, 3) })
        .expect(201);
      const groups = await rollups.groups('viewerCountry', from, to, 'views', 1000, client);
      return { days, groups };
    });
    const sum = (rows: { views: number }[]) => rows.reduce((total, row) => total + row.views, 0);
    expect(sum(seen.days)).toBe(50);
    expect(sum(seen.groups)).toBe(50);
    const after = (
      await app.http
        .get(
          `/stats?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}&groupBy=viewerCountry`,
        )
        .set(analyst)
        .expect(200)
    ).body;
    expect(after.totals.views).toBe(80);
    expect(sum(after.groups)).toBe(80);
  });

  it('keeps the delta table from growing: each compaction leaves its space to the next deltas', async () => {
    const next = random(24);
    const size = async () =>
      Number((await db.query(`SELECT pg_relation_size('view_rollup_deltas') AS bytes`)).rows[0].bytes);
    const sizes: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      const views = randomViews(next, 300, Date.now(), 30);
      await app.http.post('/consumption').set(provider).send({ views }).expect(201);
      sizes.push(await size());
      await compact();
    }
    expect(await count('view_rollup_deltas')).toBe(0);
    // Without the vacuum after each compaction the file grows by one round's deltas each time
    // (GET /stats scans it whole); with it, later rounds reuse the first rounds' pages.
    expect(sizes[7]!).toBeLessThanOrEqual(2 * sizes[0]!);
  });

  it('folds the deltas into the rollups on its timer (ROLLUP_COMPACTION_INTERVAL_MS)', async () => {
    const timed = await startTestApp({
      env: { ROLLUP_COMPACTION_INTERVAL_MS: '100' },
      database: { url: app.databaseUrl, name: app.databaseName },
    });
    try {
      const views = randomViews(random(22), 40, Date.now(), 2);
      await timed.http.post('/consumption').set(provider).send({ views }).expect(201);
      await waitUntil(
        async () => (await count('view_rollup_deltas')) === 0 || undefined,
        10_000,
        'the deltas to be folded',
      );
      const { rows } = await db.query(
        `SELECT sum(views)::int AS n FROM view_rollups WHERE dimension = 'all'`,
      );
      expect(rows[0].n).toBe(40);
      // Operators see when it last worked (an alert fires when no instance has for 5 minutes).
      const metrics = (await timed.http.get('/metrics').expect(200)).text;
      const line = metrics
        .split('\n')
        .find((text) => text.startsWith('greenstream_rollup_compaction_last_success_timestamp_seconds '));
      expect(Math.abs(Number(line?.split(' ')[1]) * 1000 - Date.now())).toBeLessThan(5_000);
    } finally {
      await timed.close({ dropDatabase: false });
    }
  });

  it('answers 400 naming the field for a control character in an id (PostgreSQL text cannot hold NUL)', async () => {
    const [view] = randomViews(random(23), 1, Date.now());
    const posted = await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: [{ ...view, videoId: 'a\u0000b' }] })
      .expect(400);
    expect(posted.body.errors).toEqual([
      { field: 'views[0].videoId', message: 'must not contain control characters' },
    ]);
    for (const field of ['videoId', 'region']) {
      const listed = await app.http.get(`/consumption?${field}=a%00b`).set(analyst).expect(400);
      expect(listed.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(listed.body.errors.map((problem: { field: string }) => problem.field)).toEqual([field]);
    }
    expect(await count('views')).toBe(0);
  });

  it('rejects bad /stats parameters naming them', async () => {
    for (const [query, field] of [
      ['groupBy=colour', 'groupBy'],
      ['from=2026-11-05T10:00:00Z', 'from'],
      ['from=2026-11-05&to=2026-11-01', 'to'],
      ['limit=0', 'limit'],
      ['bogus=1', 'bogus'],
    ]) {
      const response = await app.http.get(`/stats?${query}`).set(analyst).expect(400);
      expect(response.body.errors.map((problem: { field: string }) => problem.field)).toContain(field);
    }
    const empty = (await app.http.get('/stats?from=2001-01-01&to=2001-02-01').set(analyst).expect(200)).body;
    expect(empty.totals).toEqual({
      views: 0,
      hoursViewed: 0,
      dataVolumeGb: 0,
      energyKwh: 0,
      emissionsKg: 0,
      gPerHour: null,
      avoidedKg: 0,
      viewsWithReceipt: 0,
    });
  });

  it('exports every row as CSV, streamed', async () => {
    const next = random(9);
    for (let batch = 0; batch < 3; batch += 1) {
      await app.http
        .post('/consumption')
        .set(provider)
        .send({ views: randomViews(next, 1500, Date.now()) })
        .expect(201);
    }
    const response = await app.http
      .get('/consumption')
      .set({ ...analyst, accept: 'text/csv' })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,clientId,videoId,startedAt,durationMinutes/);
    const ids = lines.slice(1).map((line) => line.split(',')[0]);
    const stored = (await db.query('SELECT id::text FROM views ORDER BY started_at, id')).rows.map(
      (row) => row.id,
    );
    expect(ids).toEqual(stored);
    expect(ids).toHaveLength(4500);
    // Filters apply to the export too.
    const fr = await app.http
      .get('/consumption?viewerCountry=FR')
      .set({ ...analyst, accept: 'text/csv' })
      .expect(200);
    const frRows = fr.text.trim().split('\r\n').length - 1;
    expect(frRows).toBe(
      Number((await db.query(`SELECT count(*) FROM views WHERE viewer_country = 'FR'`)).rows[0].count),
    );
  });

  it('cannot store views through a column declaration missing a column of the table (INSERT and COPY)', async () => {
    const view: ViewRow = viewRow({
      clientId: 'declared',
      startedAt: new Date(Date.now() - DAY),
      durationMinutes: 42,
      connection: 'wifi',
      energyKwh: { dataCentre: 0.1, network: 0.2, device: 0.05, embodied: 0, total: 0.35 },
      emissionsG: { dataCentre: 3.1, network: 6.2, device: 1.55, embodied: 0, total: 10.85 },
    });
    const span = { count: 1, chunkSize: 1, from: view.startedAt, to: view.startedAt };
    const sessions = app.app.get(PgSessions);
    const withoutModel = new ViewColumnsSql(VIEW_COLUMNS.filter((column) => column.name !== 'model'));
    const missing = /null value in column "model"/;
    await expect(
      db.query(insertViewsSql(withoutModel), ['k', ...withoutModel.unnestParameters([view])]),
    ).rejects.toThrow(missing);
    await expect(new ViewsBulkLoader(sessions, withoutModel).load([view], span)).rejects.toThrow(missing);
    expect(await count('views')).toBe(0);
    // The whole declaration stores the same view both ways.
    const full = new ViewColumnsSql(VIEW_COLUMNS);
    await db.query(insertViewsSql(full), ['k', ...full.unnestParameters([view])]);
    await new ViewsBulkLoader(sessions, full).load([{ ...view, clientId: 'copied' }], span);
    expect(
      (await db.query('SELECT client_id, model FROM views ORDER BY client_id')).rows.map((row) => [
        row.client_id,
        row.model,
      ]),
    ).toEqual([
      ['copied', '1byte'],
      ['declared', '1byte'],
    ]);
  });

  it('pages with a cursor, each row exactly once while new rows arrive', async () => {
    const next = random(10);
    await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: randomViews(next, 300, Date.now()) })
      .expect(201);
    const before = new Set(
      (await db.query('SELECT id::text FROM views')).rows.map((row: { id: string }) => Number(row.id)),
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/consumption?limit=37${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.http.get(query).set(analyst).expect(200)).body;
      seen.push(...page.items.map((item: { id: number }) => item.id));
      cursor = page.nextCursor;
      pages += 1;
      // New views arrive between pages, at random times in the same range.
      if (pages % 2 === 0) {
        await app.http
          .post('/consumption')
          .set(provider)
          .send({ views: randomViews(next, 20, Date.now()) })
          .expect(201);
      }
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    // Sorted by (startedAt, id): a page never goes back.
    await app.http.get('/consumption?cursor=not-a-cursor').set(analyst).expect(400);
    const filtered = (
      await app.http.get('/consumption?viewerCountry=fr&limit=10000').set(analyst).expect(200)
    ).body;
    expect(filtered.items.every((item: { viewerCountry: string }) => item.viewerCountry === 'FR')).toBe(true);
  });

  it('keeps monthly partitions ahead of need and stores recent views in their month', async () => {
    const now = new Date();
    const name = `views_${now.getUTCFullYear()}_${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const partitions = (
      await db.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'views'::regclass`,
      )
    ).rows.map((row: { relname: string }) => row.relname);
    expect(partitions).toEqual(expect.arrayContaining(['views_default', name]));
    expect(partitions.length).toBeGreaterThanOrEqual(5);
    const view = {
      ...randomViews(random(11), 1, Date.now())[0],
      startedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: [view] })
      .expect(201);
    const stored = (await db.query(`SELECT tableoid::regclass::text AS partition FROM views`)).rows[0];
    expect(stored.partition).toBe(name);

    // An old month without a partition lands in the default one; its partition can then no longer
    // be created (the rows would have to move): maintenance skips it and the rows stay readable.
    const old = { ...view, clientId: 'old-view', startedAt: '2025-01-15T10:00:00Z' };
    await app.http
      .post('/consumption')
      .set(provider)
      .send({ views: [old] })
      .expect(201);
    const oldRow = (
      await db.query(`SELECT tableoid::regclass::text AS partition FROM views WHERE client_id = 'old-view'`)
    ).rows[0];
    expect(oldRow.partition).toBe('views_default');
    const outcome = await ensureViewPartitions(
      db,
      partitionsCovering(new Date(old.startedAt), new Date(old.startedAt)),
    );
    expect(outcome.created).toEqual([]);
    expect(outcome.skipped[0]).toMatch(/^views_2025_01 /);
    const listed = (
      await app.http
        .get('/consumption?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z')
        .set(analyst)
        .expect(200)
    ).body;
    expect(listed.items.map((item: { clientId: string }) => item.clientId)).toEqual(['old-view']);
  });

  it('answers 503 and stores nothing when the database connection is lost mid-transaction; a retry succeeds', async () => {
    const views = randomViews(random(12), 100, Date.now());
    const blocker = new pg.Client({ connectionString: app.databaseUrl });
    await blocker.connect();
    try {
      // Hold the rollup deltas so that the write stops inside its transaction (after claiming its
      // Idempotency-Key and inserting the views), then cut its connection.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE view_rollup_deltas IN EXCLUSIVE MODE');
      const pending = app.http
        .post('/consumption')
        .set({ ...provider, 'idempotency-key': 'outage-1' })
        .send({ views })
        .then((response) => response);
      const pid = await waitUntil(
        async () => {
          const rows = (
            await db.query(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          ).rows;
          return rows[0]?.pid as number | undefined;
        },
        15_000,
        'the write to wait on the lock',
      );
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    expect(await count('views')).toBe(0);
    expect(await count('view_client_ids')).toBe(0);
    expect(await count('view_rollups')).toBe(0);
    expect(await count('view_rollup_deltas')).toBe(0);
    expect(await count('idempotency_records')).toBe(0);
    const retry = await app.http
      .post('/consumption')
      .set({ ...provider, 'idempotency-key': 'outage-1' })
      .send({ views })
      .expect(201);
    expect(retry.body).toEqual({ accepted: 100, duplicates: 0 });
    expect(await count('views')).toBe(100);
  });
});
