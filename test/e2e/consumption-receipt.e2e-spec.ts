import pg from 'pg';
import { RollupCompactionService } from '../../src/consumption/jobs/rollup-compaction.service.js';
import type { ViewInputDto as ViewBody } from '../../src/consumption/http/consumption.dto.js';
import { MS_PER_DAY } from '../../src/platform/kernel/time.js';
import { randomViews, seededRandom as random } from '../factories/view.factory.js';
import { expectClose, expectRounded, ROUNDED_RELATIVE } from '../support/assertions.js';

/** Sums of the same rows in another order (rollups, metrics, raw rows) agree to this, relative. */
const SUM_ORDER = 1e-9;
import { metricSample } from '../support/prometheus.js';
import { ANALYST_KEY, PROVIDER_KEY, startTestApp, TestApp } from '../support/test-app.js';

const DAY = MS_PER_DAY;

/**
 * Hand computation (docs/RECOMMENDATION.md#receipt): 60 minutes of 1080p is 3 GB; the 1byte model
 * puts 0.072 kWh/GB in the data centre, so 0.216 kWh. With no stored intensity (260 days ago) the
 * yearly references apply: DE 342 and FR 31 gCO2e/kWh (Electricity Maps 2025 via @tgwf/co2).
 * Frankfurt (zone DE) is nearest to Germany's population centre, Paris (zone FR) to France's.
 */
const DATA_CENTRE_KWH = 3 * 0.072;
const DE_REFERENCE = 342;
const FR_REFERENCE = 31;
const AVOIDED_G = DATA_CENTRE_KWH * DE_REFERENCE - DATA_CENTRE_KWH * FR_REFERENCE; // 67.176

interface Receipt {
  avoidedG: number | null;
  baselineRegion: string | null;
}

describe('carbon receipt of each view: POST /consumption, GET /consumption, GET /stats, /metrics (e2e)', () => {
  let app: TestApp;
  let db: pg.Client;
  const provider = { authorization: `Bearer ${PROVIDER_KEY}` };
  const analyst = { authorization: `Bearer ${ANALYST_KEY}` };
  const started = new Date(Math.floor((Date.now() - 260 * DAY) / DAY) * DAY + 10 * 3_600_000);

  beforeAll(async () => {
    app = await startTestApp({ env: { ROLLUP_COMPACTION_INTERVAL_MS: '0' } });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await app.close();
  });

  function view(clientId: string, viewerCountry: string, region?: string): ViewBody {
    return {
      clientId,
      videoId: 'movie-1',
      startedAt: started.toISOString(),
      durationMinutes: 60,
      resolution: '1080p',
      device: 'laptop',
      connection: 'wifi',
      viewerCountry,
      model: '1byte',
      ...(region === undefined ? {} : { region }),
    };
  }

  async function receipts(): Promise<Map<string, Receipt>> {
    const page = (await app.http.get('/consumption?limit=1000').set(analyst).expect(200)).body;
    return new Map(
      page.items.map((item: { clientId: string; receipt: Receipt }) => [item.clientId, item.receipt]),
    );
  }

  it('keeps the grams avoided against the nearest region, signed, and none for a view without region', async () => {
    const views = [
      view('cleaner', 'DE', 'aws:eu-west-3'),
      view('dirtier', 'FR', 'aws:eu-central-1'),
      view('nearest', 'FR', 'aws:eu-west-3'),
      view('unstated', 'DE'),
    ];
    await app.http.post('/consumption').set(provider).send({ views }).expect(201);
    const byClient = await receipts();
    const cleaner = byClient.get('cleaner')!;
    // 67.176 g exactly, written to 4 significant digits (docs/API-NUMBERS.md).
    expectRounded(cleaner.avoidedG!, AVOIDED_G, 'g');
    expect(cleaner.avoidedG).toBe(67.18);
    const dirtier = byClient.get('dirtier')!;
    expect(dirtier.avoidedG).toBe(-67.18);
    const baselines = await db.query(
      `SELECT v.client_id, r.zone FROM views v JOIN regions r ON r.id = v.baseline_region`,
    );
    const zoneOf = new Map(baselines.rows.map((row) => [row.client_id as string, row.zone as string]));
    expect(zoneOf.get('cleaner')).toBe('DE');
    expect(zoneOf.get('dirtier')).toBe('FR');
    // Served from a region of the baseline's zone: nothing avoided (PUE never scales emissions).
    expect(zoneOf.get('nearest')).toBe('FR');
    expect(byClient.get('nearest')!.avoidedG).toBe(0);
    expect(byClient.get('unstated')).toEqual({ avoidedG: null, baselineRegion: null });

    const csv = (
      await app.http
        .get('/consumption')
        .set({ ...analyst, accept: 'text/csv' })
        .expect(200)
    ).text.split('\r\n');
    const header = csv[0]!.split(',');
    const unstated = csv.find((line) => line.includes(',unstated,'))!.split(',');
    expect(unstated[header.indexOf('avoidedG')]).toBe('');
    expect(unstated[header.indexOf('baselineRegion')]).toBe('');
  });

  it('sums the receipts in /stats exactly as the raw rows, a resend adds nothing, and the metric agrees', async () => {
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const range = `from=${day(new Date(started.getTime() - 400 * DAY))}&to=${day(new Date(Date.now() + DAY))}`;
    const batches = [0, 1, 2].map((seed) => randomViews(random(40 + seed), 120, Date.now()));
    batches[0]!.push(view('no-region-1', 'BR'), view('no-region-2', 'JP'));
    for (const [index, views] of batches.entries()) {
      await app.http.post('/consumption').set(provider).send({ views }).expect(201);
      if (index === 1) await app.app.get(RollupCompactionService).compact();
    }

    const check = async () => {
      const raw = (
        await db.query(
          `SELECT coalesce(sum(avoided_g), 0) AS g, count(avoided_g)::int AS with_receipt, count(*)::int AS views FROM views`,
        )
      ).rows[0] as { g: number; with_receipt: number; views: number };
      const stats = (await app.http.get(`/stats?${range}&groupBy=region&limit=1000`).set(analyst).expect(200))
        .body;
      expectRounded(stats.totals.avoidedKg, raw.g / 1000, 'kg', SUM_ORDER);
      expect(stats.totals.viewsWithReceipt).toBe(raw.with_receipt);
      expect(stats.totals.views - stats.totals.viewsWithReceipt).toBe(2 + 1); // + 'unstated' above
      const byRegion = (
        await db.query(`SELECT region AS key, coalesce(sum(avoided_g), 0) AS g FROM views GROUP BY 1`)
      ).rows as { key: string; g: number }[];
      for (const row of byRegion) {
        const group = stats.groups.find((candidate: { key: string }) => candidate.key === row.key);
        expectRounded(group.avoidedKg, row.g / 1000, 'kg', SUM_ORDER);
      }
      const metrics = (await app.http.get('/metrics').expect(200)).text;
      const net =
        metricSample(metrics, 'greenstream_views_co2e_receipt_grams_total{direction="avoided"}')! -
        metricSample(metrics, 'greenstream_views_co2e_receipt_grams_total{direction="added"}')!;
      expectRounded(stats.totals.avoidedKg, net / 1000, 'kg', SUM_ORDER);
      expect(metricSample(metrics, 'greenstream_views_receipts_total{receipt="none"}')).toBe(3);
      return stats.totals.avoidedKg as number;
    };

    const before = await check();
    expect(before).not.toBe(0);
    // A resend (same clientIds) and an idempotent retry add nothing, to /stats or to the metric.
    await app.http.post('/consumption').set(provider).send({ views: batches[2] }).expect(201);
    const headers = { ...provider, 'idempotency-key': 'receipt-retry' };
    const extra = randomViews(random(99), 10, Date.now());
    await app.http.post('/consumption').set(headers).send({ views: extra }).expect(201);
    const afterExtra = await check();
    await app.http.post('/consumption').set(headers).send({ views: extra }).expect(201);
    await app.http.post('/consumption').set(provider).send({ views: batches[0] }).expect(201);
    expect(await check()).toBe(afterExtra);
    await app.app.get(RollupCompactionService).compact();
    // check() compares with the raw rows; the rounded totals agree but for a last-digit boundary.
    expectClose(await check(), afterExtra, ROUNDED_RELATIVE);
  });
});
