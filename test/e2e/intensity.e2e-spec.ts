import type { ZoneIntensityDto } from '../../src/intensity/contract/intensity.dto.js';
import { PRECISION_BY_UNIT, rounderOf } from '../../src/platform/contract/number-precision.js';
import { MS_PER_HOUR as HOUR_MS } from '../../src/platform/kernel/time.js';
import { liveEnv } from '../support/live-env.js';
import { FakeElectricityMaps, FakeFault } from '../fakes/fake-electricity-maps.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { awayFromHourTurn, currentHour } from '../support/time.js';
import { waitUntil } from '../support/wait.js';

async function intensity(app: TestApp, path: string): Promise<ZoneIntensityDto> {
  const response = await app.http.get(path);
  expect(response.status).toBe(200);
  return response.body;
}

/**
 * The latest value is the fake's value for its own hour, and that hour is the current one or (when
 * the hour turned after the last fetch) the one before: the test must not fail at an hour's turn.
 */
function expectLatestOf(
  fake: FakeElectricityMaps,
  zone: string,
  latest: { datetime: string; gCo2ePerKwh: number },
): void {
  const hour = currentHour().getTime();
  expect([hour, hour - HOUR_MS]).toContain(Date.parse(latest.datetime));
  expect(latest.gCo2ePerKwh).toBe(fake.intensityAt(zone, new Date(latest.datetime)));
}

describe('intensity with a live Electricity Maps link (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    app = await startTestApp({ env: liveEnv(fake) });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it("answers the fake's latest value for FR with source live", async () => {
    const body = await waitUntil(
      async () => {
        const answer = await intensity(app, '/intensity/FR');
        // Each call's points are taken in as it ends: the latest value can arrive before the forecast.
        return answer.latest.source === 'live' && answer.forecast.length > 0 ? answer : undefined;
      },
      15000,
      'a live value and the forecast for FR',
    );
    expectLatestOf(fake, 'FR', body.latest);
    expect(body.degraded).toBe(false);
    expect(body.forecast.length).toBeGreaterThanOrEqual(24);
    const call = fake.calls.find((candidate) => candidate.endpoint === 'latest' && candidate.zone === 'FR');
    expect(call?.query.shouldUseFallbackCallerLookup).toBe('false');
  });

  it('averages a window over the forecast exactly as computed by hand', async () => {
    const base = currentHour().getTime();
    const scripted: Record<number, number> = { 1: 200, 2: 300, 3: 400 };
    fake.setIntensity('FR', (hour: Date) => scripted[(hour.getTime() - base) / HOUR_MS] ?? 50);
    const from = new Date(base + 1.5 * HOUR_MS).toISOString();
    const to = new Date(base + 3.25 * HOUR_MS).toISOString();
    // (0.5 h × 200 + 1 h × 300 + 0.25 h × 400) / 1.75 h
    const expected = (0.5 * 200 + 1 * 300 + 0.25 * 400) / 1.75;
    const body = await waitUntil(
      async () => {
        const answer = await intensity(app, `/intensity/FR?from=${from}&to=${to}`);
        // Written to 2 decimals (docs/API-NUMBERS.md): 285.714285… is 285.71.
        return answer.window?.gCo2ePerKwh === rounderOf(PRECISION_BY_UNIT['gCO2e/kWh'])(expected)
          ? answer
          : undefined;
      },
      15000,
      'the scripted forecast',
    );
    expect(body.window).toMatchObject({ source: 'forecast', sources: ['forecast'], from, to });
    expect(body.window?.gCo2ePerKwh).toBe(285.71);
    fake.clearIntensities();
  });

  it('fetches a zone outside the catalogue once for 100 concurrent requests', async () => {
    await awayFromHourTurn();
    expect(fake.callCount('latest', 'US-NY-NYIS')).toBe(0);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => app.http.get('/intensity/US-NY-NYIS')),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(fake.callCount('latest', 'US-NY-NYIS')).toBe(1);
    expect(answers[99]?.body.latest).toMatchObject({
      source: 'live',
      gCo2ePerKwh: fake.intensityAt('US-NY-NYIS', currentHour()),
    });
  });

  it('answers 404 for an unknown zone and 400 naming the field for bad input', async () => {
    expect((await app.http.get('/intensity/XX-NOWHERE').expect(404)).body.detail).toContain('XX-NOWHERE');
    expect((await app.http.get('/intensity/fr!').expect(400)).body.errors[0].field).toBe('zone');
    expect(
      (await app.http.get('/intensity/FR?from=2026-11-22T10:00:00Z').expect(400)).body.errors[0].field,
    ).toBe('to');
    expect(
      (await app.http.get('/intensity/FR?from=yesterday&to=today').expect(400)).body.errors.map(
        (e: { field: string }) => e.field,
      ),
    ).toEqual(['from', 'to']);
    expect(
      (await app.http.get('/intensity/FR?from=2026-11-22T12:00:00Z&to=2026-11-22T10:00:00Z').expect(400)).body
        .errors[0].field,
    ).toBe('to');
    expect(
      (await app.http.get('/intensity/FR?from=2026-11-01T00:00:00Z&to=2026-11-22T00:00:00Z').expect(400)).body
        .errors[0].field,
    ).toBe('to');
  });

  it('reports an active link in /health, with the zones the token may read', async () => {
    const health = await waitUntil(
      async () => {
        const response = await app.http.get('/health');
        return response.body.details?.electricityMaps?.link === 'active' ? response : undefined;
      },
      15000,
      'an active link',
    );
    expect(health.status).toBe(200);
    expect(health.body.details.electricityMaps).toMatchObject({ mode: 'live', upstreamHealth: 'ok' });
    expect(health.body.details.electricityMaps.entitledZones).toEqual(
      expect.arrayContaining(['FR', 'DE', 'SE-SE3']),
    );
    await app.http.get('/health/electricity-maps').expect(200);
  });
});

describe('intensity under upstream faults (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    // Without forecasts, a stale latest value falls back to `stored`: the first degraded source.
    fake.entitle('*', ['carbon-intensity/latest', 'carbon-intensity/history']);
    app = await startTestApp({ env: liveEnv(fake) });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  const faults: FakeFault[] = [
    'refuse-connections',
    'slow',
    'server-error',
    'invalid-token',
    'not-entitled',
    'rate-limit',
    'no-data',
    'malformed',
  ];

  it.each(faults)(
    'keeps answering from stored values during %s, reports the link down, then recovers',
    async (fault) => {
      // 200 also means `starting` right after boot (docs/OPERATIONS.md#health-at-boot): wait for `active`.
      await waitUntil(
        async () => (await app.http.get('/health/electricity-maps')).body.details?.link === 'active',
        20000,
        'an active link',
      );
      await fake.setFault(fault);
      try {
        await waitUntil(
          async () => (await app.http.get('/health/electricity-maps')).status === 503,
          20000,
          'the link to go down',
        );
        const body = await waitUntil(
          async () => {
            const answer = await intensity(app, '/intensity/FR');
            return answer.latest.source !== 'live' ? answer : undefined;
          },
          10000,
          'a stale value',
        );
        expect(body.latest.source).toBe('stored');
        expectLatestOf(fake, 'FR', body.latest);
        expect(body.degraded).toBe(true);
        const health = await app.http.get('/health').expect(200);
        expect(health.body.details.electricityMaps).toMatchObject({ link: 'down', mode: 'degraded' });
        expect(health.body.details.electricityMaps.lastError).not.toBeNull();
      } finally {
        await fake.setFault(null);
      }
      await waitUntil(
        async () => (await app.http.get('/health/electricity-maps')).body.details?.link === 'active',
        20000,
        'recovery',
      );
      await waitUntil(
        async () => (await intensity(app, '/intensity/FR')).latest.source === 'live',
        10000,
        'live values again',
      );
    },
  );
});

describe('intensity history across restarts and instances (e2e)', () => {
  let fake: FakeElectricityMaps;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('answers from what was learned before after a restart with the upstream down', async () => {
    // Without forecasts, the current hour can only come back from the stored latest value.
    fake.entitle('*', ['carbon-intensity/latest', 'carbon-intensity/history']);
    const first = await startTestApp({ env: liveEnv(fake, { FORECAST_REFRESH_SECONDS: '3600' }) });
    await waitUntil(
      async () => (await intensity(first, '/intensity/FR')).latest.source === 'live',
      15000,
      'live FR',
    );
    await waitUntil(() => fake.callCount('history', 'FR') > 0, 15000, 'history of FR');
    await first.close({ dropDatabase: false });
    const before = await withClient(
      first.databaseUrl,
      async (client) =>
        (await client.query(`SELECT count(*)::int AS n FROM intensity_observations WHERE zone = 'FR'`))
          .rows[0].n,
    );
    expect(before).toBeGreaterThanOrEqual(24);

    await fake.setFault('refuse-connections');
    const second = await startTestApp({
      database: { url: first.databaseUrl, name: first.databaseName },
      env: liveEnv(fake, { INTENSITY_REFRESH_SECONDS: '1' }),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const body = await intensity(second, '/intensity/FR');
      expect(body.latest.source).toBe('stored');
      expectLatestOf(fake, 'FR', body.latest);
      expect(body.degraded).toBe(true);
      // The past hours come back from the stored history, hour by hour.
      const from = new Date(currentHour().getTime() - 3 * HOUR_MS).toISOString();
      const to = currentHour().toISOString();
      const window = (await intensity(second, `/intensity/FR?from=${from}&to=${to}`)).window;
      expect(window?.sources).toEqual(['stored']);
      const expected = [3, 2, 1].map((back) =>
        fake.intensityAt('FR', new Date(currentHour().getTime() - back * HOUR_MS)),
      );
      const average = expected.reduce((sum, value) => sum + value, 0) / 3;
      expect(window?.gCo2ePerKwh).toBe(rounderOf(PRECISION_BY_UNIT['gCO2e/kWh'])(average));
    } finally {
      await second.close();
      await fake.setFault(null);
      fake.entitle('*');
    }
  });

  it('makes one refresh per zone per cycle with two instances on one database', async () => {
    const first = await startTestApp({ env: liveEnv(fake) });
    const second = await startTestApp({
      database: { url: first.databaseUrl, name: first.databaseName },
      env: liveEnv(fake),
    });
    try {
      await waitUntil(
        async () => (await intensity(first, '/intensity/FR')).latest.source === 'live',
        15000,
        'live FR',
      );
      fake.resetCalls();
      await new Promise((resolve) => setTimeout(resolve, 7000));
      const latestCalls = fake.calls.filter((call) => call.endpoint === 'latest');
      const byZone = new Map<string, number[]>();
      for (const call of latestCalls)
        byZone.set(call.zone ?? '', [...(byZone.get(call.zone ?? '') ?? []), call.at.getTime()]);
      expect(byZone.size).toBe(54);
      for (const [zone, times] of byZone) {
        times.sort((a, b) => a - b);
        const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
        // INTENSITY_REFRESH_SECONDS=2 refreshes each zone about every 1 s (one tick and one call
        // timeout before its 2 s live window ends). Two instances refreshing on their own would
        // call again within the same cycle, a few hundred ms apart.
        expect({ zone, shortestGapMs: Math.min(...gaps) }).toEqual({
          zone,
          shortestGapMs: expect.any(Number),
        });
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(800);
        expect(times.length).toBeLessThanOrEqual(9);
      }
      // Both instances serve the values, whichever refreshed them. As the hour turns, the new hour
      // is a forecast until the next refresh (within 2 s) brings its live value: wait for it.
      let latest = (await intensity(second, '/intensity/FR')).latest;
      await waitUntil(
        async () => (latest = (await intensity(second, '/intensity/FR')).latest).source === 'live',
        10_000,
        'live FR on the second instance',
      );
      expectLatestOf(fake, 'FR', latest);
    } finally {
      await second.close({ dropDatabase: false });
      await first.close();
    }
  });
});

describe('intensity without a token: reference mode (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers yearly averages, says degraded, and reports the link as not configured', async () => {
    const body = await intensity(app, '/intensity/FR');
    expect(body.latest).toMatchObject({
      zone: 'FR',
      gCo2ePerKwh: 31,
      source: 'reference',
      isEstimated: true,
    });
    expect(body.degraded).toBe(true);
    expect(body.forecast).toEqual([]);
    const health = await app.http.get('/health').expect(200);
    expect(health.body.details.electricityMaps).toMatchObject({ link: 'not-configured', mode: 'reference' });
    await app.http.get('/health/electricity-maps').expect(503);
  });
});
