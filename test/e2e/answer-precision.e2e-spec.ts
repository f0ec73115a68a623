import { expectRounded } from '../support/assertions.js';
import { precisionViolations } from '../support/openapi-examples.js';
import { asAdmin, asAnalyst, asProvider, startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FR_G_PER_KWH = 31;

/**
 * Numbers in answers are rounded to the precision of their unit (docs/API-NUMBERS.md): the real
 * answers of every JSON route, walked field by field against the precision the served OpenAPI
 * document gives each number (`x-precision`), and hand-computed exact figures against their rounded
 * values.
 */
describe('numbers in answers, rounded to the documented precision of their unit (e2e)', () => {
  let app: TestApp;
  let document: any;

  beforeAll(async () => {
    app = await startTestApp();
    document = (await app.http.get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await app.close();
  });

  /** The documented 200 (or 201) JSON schema of an operation. */
  function schemaOf(method: string, path: string, status = 200): any {
    const schema = document.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`${method} ${path}: no ${status} JSON schema documented`);
    return schema;
  }

  function expectRoundedAnswer(method: string, path: string, answer: unknown, status = 200): void {
    // The first few: a diff of thousands of lines would take Jest minutes.
    expect(precisionViolations(document, schemaOf(method, path, status), answer).slice(0, 10)).toEqual([]);
  }

  it('documents a precision for every number of every JSON answer', () => {
    const serialised = JSON.stringify(document);
    expect(serialised).toContain('"x-precision":"g"');
    expect(serialised).toContain('Rounded to 4 significant digits.');
    expect(document.components.schemas.EmissionSegmentsDto.properties.total).toMatchObject({
      type: 'number',
      'x-precision': 'g',
    });
    expect(document.components.schemas.EnergySegmentsDto.properties.total['x-precision']).toBe('kWh');
  });

  it('GET /footprint (one model and model=all): figures rounded, hand-computed exact figures rounded alike', async () => {
    // 1 minute of a 1 MB video (0.001 GB) from Paris to Paris, 1byte on a laptop over Wi-Fi.
    const query =
      '/footprint?durationMinutes=1&dataVolumeGb=0.001&viewerCountry=FR&region=aws:eu-west-3&startAt=2026-11-22T20:00:00Z';
    const one = (await app.http.get(`${query}&model=1byte`).expect(200)).body;
    expectRoundedAnswer('get', '/footprint', one);
    // Exact: 0.001 GB × 0.072 kWh/GB = 0.000072 kWh; × 31 g/kWh = 0.002232 g (a tiny figure keeps its digits).
    expectRounded(one.energyKwh.dataCentre, 0.001 * 0.072, 'kWh');
    expect(one.emissionsG.dataCentre).toBe(0.002232);
    // The laptop: 56 kWh/yr over 8 h/day × 365.25 d, for one minute: 0.000319416 kWh.
    const deviceKwh = 56 / (8 * 365.25) / 60;
    expect(one.energyKwh.device).toBe(0.0003194);
    expectRounded(one.energyKwh.device, deviceKwh, 'kWh');
    const totalKwh = 0.001 * 0.072 + 0.001 * 0.152 + deviceKwh;
    expectRounded(one.energyKwh.total, totalKwh, 'kWh');
    expectRounded(one.emissionsG.total, totalKwh * FR_G_PER_KWH, 'g');
    expect(one.energyKwh.total).toBe(0.0005434);
    expect(one.emissionsG.total).toBe(0.01685);

    const all = (await app.http.get(`${query}&model=all`).expect(200)).body;
    expect(all.results).toHaveLength(4);
    expectRoundedAnswer('get', '/footprint', all);
    // A 45-minute bitrate-based volume: 5 Mbps × 2700 s = 1.6875 GB, written to 4 significant digits.
    const byBitrate = (
      await app.http.get('/footprint?durationMinutes=45&bitrateMbps=5&viewerCountry=FR').expect(200)
    ).body;
    expect(byBitrate.dataVolumeGb).toBe(1.688);
    expectRoundedAnswer('get', '/footprint', byBitrate);
  });

  it('POST /simulate: the standard set and chosen scenarios', async () => {
    for (const body of [
      {
        baseline: { durationMinutes: 37, resolution: '2160p', device: 'tv', viewerCountry: 'DE' },
        viewsPerWeek: 3,
      },
      {
        baseline: { durationMinutes: 90, viewerCountry: 'FR', region: 'aws:eu-central-1', model: 'swd-v4' },
        scenarios: [{ name: 'Paris', changes: { region: 'aws:eu-west-3' } }],
        viewsPerWeek: 7.5,
      },
    ]) {
      const answer = (await app.http.post('/simulate').send(body).expect(200)).body;
      expect(answer.scenarios.length).toBeGreaterThan(0);
      expectRoundedAnswer('post', '/simulate', answer);
    }
  });

  it('GET /recommend, GET /recommend/window, GET /intensity/{zone}', async () => {
    for (const query of [
      'viewerCountry=FR&durationMinutes=47&limit=200',
      'viewerLat=48.8566&viewerLon=2.3522&durationMinutes=33&eligibility=latency&maxLatencyMs=60&costWeight=0.3',
      'viewerCountry=DE&durationMinutes=61&carbonPriceUsdPerTonne=85.5&model=swd-v4',
    ]) {
      expectRoundedAnswer('get', '/recommend', (await app.http.get(`/recommend?${query}`).expect(200)).body);
    }
    expectRoundedAnswer(
      'get',
      '/recommend/window',
      (await app.http.get('/recommend/window?zone=DE&durationMinutes=97&within=12h').expect(200)).body,
    );
    const from = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const to = new Date(Date.now() + 77 * 60_000).toISOString();
    expectRoundedAnswer(
      'get',
      '/intensity/{zone}',
      (await app.http.get(`/intensity/DE?from=${from}&to=${to}`).expect(200)).body,
    );
  });

  it('GET /regions, /regions/{id}, /providers, /countries/{code}', async () => {
    expectRoundedAnswer('get', '/regions', (await app.http.get('/regions?limit=200').expect(200)).body);
    expectRoundedAnswer(
      'get',
      '/regions/{id}',
      (await app.http.get('/regions/aws:eu-west-3').expect(200)).body,
    );
    expectRoundedAnswer('get', '/providers', (await app.http.get('/providers').expect(200)).body);
    expectRoundedAnswer('get', '/countries/{code}', (await app.http.get('/countries/FR').expect(200)).body);
  });

  it('GET /consumption (JSON page) and GET /stats, after recording views of awkward durations', async () => {
    const startedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const views = [13.7, 0.35, 141.234567].map((durationMinutes, index) => ({
      clientId: `precision-${index}`,
      videoId: 'movie-precision',
      startedAt,
      durationMinutes,
      resolution: ['720p', '1080p', '2160p'][index],
      device: ['smartphone', 'laptop', 'tv'][index],
      viewerCountry: ['FR', 'DE', 'ES'][index],
      ...(index === 0 ? { region: 'aws:eu-central-1' } : {}),
    }));
    await app.http.post('/consumption').set(asProvider).send({ views }).expect(201);
    const page = (await app.http.get('/consumption?videoId=movie-precision').set(asAnalyst).expect(200)).body;
    expect(page.items).toHaveLength(3);
    expectRoundedAnswer('get', '/consumption', page);
    // The duration is written to 3 decimals; the stored view keeps every digit (see the CSV export).
    expect(page.items.map((view: { durationMinutes: number }) => view.durationMinutes)).toEqual([
      13.7, 0.35, 141.235,
    ]);
    const csv = (
      await app.http.get('/consumption?videoId=movie-precision').set(asAnalyst).set('Accept', 'text/csv')
    ).text;
    expect(csv).toContain('141.234567');
    const stats = await waitUntil(
      async () => {
        const answer = (await app.http.get('/stats?groupBy=viewerCountry').set(asAnalyst).expect(200)).body;
        return answer.totals.views >= 3 ? answer : undefined;
      },
      10000,
      'the recorded views in the rollups',
    );
    expectRoundedAnswer('get', '/stats', stats);
    expect(stats.groups.length).toBeGreaterThan(0);
  });

  it('GET /video/{videoId} (JSON decision) and the service it steers', async () => {
    await app.http.post('/services').set(asAdmin).send({ id: 'precision', name: 'Precision' }).expect(201);
    for (const [id, region] of [
      ['paris', 'aws:eu-west-3'],
      ['frankfurt', 'aws:eu-central-1'],
    ]) {
      await app.http
        .post('/services/precision/origins')
        .set(asAdmin)
        .send({ id, region, urlTemplate: `https://${id}.cdn.test/{videoId}/{path}` })
        .expect(201);
    }
    const decision = (
      await app.http.get('/video/abc?service=precision&viewerCountry=FR&dryRun=true').expect(200)
    ).body;
    expect(decision.locations.length).toBeGreaterThan(0);
    expectRoundedAnswer('get', '/video/{id}', decision);
    expectRoundedAnswer(
      'get',
      '/services/{service}',
      (await app.http.get('/services/precision').set(asAdmin).expect(200)).body,
    );
  });

  it('POST /latency-samples and GET /latency: measured figures at their precision', async () => {
    const at = new Date().toISOString();
    const sample = {
      viewerCountry: 'PT',
      region: 'aws:eu-west-3',
      rttMs: 42.123456,
      throughputBps: 8000000.7,
      at,
    };
    const posted = await app.http
      .post('/latency-samples')
      .set(asProvider)
      .send({ samples: Array.from({ length: 12 }, () => sample) })
      .expect(201);
    expectRoundedAnswer('post', '/latency-samples', posted.body, 201);
    const matrix = await waitUntil(
      async () => {
        const answer = (await app.http.get('/latency?viewerCountry=PT').expect(200)).body;
        return answer.regions.some((cell: any) => cell.regionId === 'aws:eu-west-3' && cell.measured)
          ? answer
          : undefined;
      },
      15000,
      'the PT measurements in the matrix',
    );
    expectRoundedAnswer('get', '/latency', matrix);
    const cell = matrix.regions.find((candidate: any) => candidate.regionId === 'aws:eu-west-3');
    // Twelve equal samples average to the sample itself, written at 0.1 ms and 4 significant digits.
    expect(cell.measured.rttMs).toBe(42.1);
    expect(cell.measured.throughputBps).toBe(8000001);
  });
});
