import type { RecommendationDto } from '../../src/recommendation/contract/recommendation.dto.js';
import type { ZoneIntensityDto } from '../../src/intensity/contract/intensity.dto.js';
import { viewBody } from '../factories/view.factory.js';
import { expectProblem, expectRelative, ROUNDED_RELATIVE } from '../support/assertions.js';
import { liveEnv } from '../support/live-env.js';
import { parseMetrics } from '../support/prometheus.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { asAdmin, asProvider, startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

/** Settings that make the background refresh run every ~0.7 s and give up on the upstream fast. */
function suiteEnv(fake: FakeElectricityMaps, overrides: Record<string, string> = {}) {
  return liveEnv(fake, {
    ELECTRICITY_MAPS_BREAKER_COOLDOWN_SECONDS: '60',
    ...overrides,
  });
}

describe('metrics (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  async function scrape(): Promise<Map<string, number>> {
    const response = await app.http
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(response.text);
  }

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    app = await startTestApp({ env: suiteEnv(fake, { METRICS_TOKEN }) });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('needs the metrics token when one is set', async () => {
    expectProblem(await app.http.get('/metrics'), 401);
    expectProblem(await app.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789'), 401);
    expectProblem(await app.http.get('/metrics').set(asAdmin), 401);
  });

  it('counts requests by route pattern, method and status', async () => {
    const regions =
      'greenstream_http_request_duration_seconds_count{route="/regions",method="GET",status="200"}';
    const zone =
      'greenstream_http_request_duration_seconds_count{route="/intensity/:zone",method="GET",status="200"}';
    const badZone =
      'greenstream_http_request_duration_seconds_count{route="/intensity/:zone",method="GET",status="404"}';
    const unmatched =
      'greenstream_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"}';
    const before = await scrape();
    for (let index = 0; index < 3; index += 1) await app.http.get('/regions?provider=aws').expect(200);
    await app.http.get('/intensity/FR').expect(200);
    await app.http.get('/intensity/DE').expect(200);
    await app.http.get('/intensity/XX-NOWHERE').expect(404);
    await app.http.get('/no/such/path/123').expect(404);
    const after = await scrape();
    expect((after.get(regions) ?? 0) - (before.get(regions) ?? 0)).toBe(3);
    expect((after.get(zone) ?? 0) - (before.get(zone) ?? 0)).toBe(2);
    expect((after.get(badZone) ?? 0) - (before.get(badZone) ?? 0)).toBe(1);
    expect((after.get(unmatched) ?? 0) - (before.get(unmatched) ?? 0)).toBe(1);
    // The raw URL never becomes a label.
    expect(
      [...after.keys()].some(
        (series) => series.includes('/no/such/path') || series.includes('/intensity/FR'),
      ),
    ).toBe(false);
    const bucket =
      'greenstream_http_request_duration_seconds_bucket{route="/regions",method="GET",status="200",le="+Inf"}';
    expect(after.get(bucket)).toBe(after.get(regions));
    expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('shows live intensities per zone, successful upstream calls, a closed breaker and the pool', async () => {
    await waitUntil(
      async () => (await app.http.get('/intensity/FR')).body.latest?.source === 'live',
      15000,
      'live FR',
    );
    const samples = await scrape();
    expect(
      samples.get('greenstream_zone_carbon_intensity_gco2e_per_kwh{zone="FR",source="live"}'),
    ).toBeGreaterThan(0);
    // Catalogue zones are listed even before any value arrives for them (then from the reference).
    expect([...samples.keys()].some((series) => series.includes('zone="US-TEX-ERCO"'))).toBe(true);
    expect(
      samples.get('greenstream_electricity_maps_calls_total{endpoint="latest",outcome="success"}'),
    ).toBeGreaterThan(0);
    expect(samples.get('greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(1);
    expect(samples.get('greenstream_intensity_answers_total{source="live"}')).toBeGreaterThan(0);
    expect(samples.get('greenstream_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(samples.get('greenstream_db_pool_max_connections')).toBe(4);
  });

  it('counts recommendations with the CO2e they avoid, and the views ingested', async () => {
    // Every zone at a known value, DE much dirtier than FR: from a viewer in DE, the nearest
    // eligible region is in DE and the recommendation (a cleaner neighbour) avoids grams.
    for (const [zone, value] of [
      ['FR', 40],
      ['DE', 400],
    ] as const) {
      fake.setIntensity(zone, value);
    }
    await waitUntil(
      async () => {
        const body: ZoneIntensityDto = (await app.http.get('/intensity/DE')).body;
        return body.latest?.source === 'live' && body.latest.gCo2ePerKwh === 400;
      },
      15000,
      'DE at 400 g/kWh',
    );
    const served = 'greenstream_recommendations_total{model="1byte"}';
    const avoided = 'greenstream_co2e_avoided_grams_total{model="1byte"}';
    const ingested = 'greenstream_views_ingested_total';
    const before = await scrape();
    let expectedAvoided = 0;
    for (let index = 0; index < 3; index += 1) {
      const answer: RecommendationDto = (
        await app.http.get('/recommend?viewerCountry=DE&durationMinutes=60').expect(200)
      ).body;
      expect(answer.savings.emissionsG).toBeGreaterThan(0);
      expectedAvoided += answer.savings.emissionsG;
    }
    const views = [0, 1, 2].map((index) => viewBody({ clientId: `metrics-${index}` }));
    await app.http.post('/consumption').set(asProvider).send({ views }).expect(201);
    // Resent: duplicates, nothing new ingested.
    await app.http.post('/consumption').set(asProvider).send({ views }).expect(201);
    const after = await scrape();
    expect((after.get(served) ?? 0) - (before.get(served) ?? 0)).toBe(3);
    // The metric adds exact grams, the answers show them to 4 significant digits (docs/API-NUMBERS.md).
    expectRelative((after.get(avoided) ?? 0) - (before.get(avoided) ?? 0), expectedAvoided, ROUNDED_RELATIVE);
    expect((after.get(ingested) ?? 0) - (before.get(ingested) ?? 0)).toBe(3);
  });

  it('counts fallbacks and failed calls during an upstream fault, and shows the breaker opening', async () => {
    const reference = 'greenstream_intensity_answers_total{source="reference"}';
    const failedLatest = 'greenstream_electricity_maps_calls_total{endpoint="latest",outcome="server"}';
    const before = await scrape();
    await fake.setFault('server-error');
    // IS (Iceland) is in no catalogue region: asked on demand, the call fails, the answer falls back.
    const answer: ZoneIntensityDto = (await app.http.get('/intensity/IS').expect(200)).body;
    expect(answer.latest.source).toBe('reference');
    expect(answer.degraded).toBe(true);
    const opened = await waitUntil(
      async () => {
        const samples = await scrape();
        return samples.get('greenstream_electricity_maps_circuit_breaker_state{state="open"}') === 1
          ? samples
          : undefined;
      },
      20000,
      'the breaker to open',
    );
    expect((opened.get(reference) ?? 0) - (before.get(reference) ?? 0)).toBeGreaterThanOrEqual(1);
    expect((opened.get(failedLatest) ?? 0) - (before.get(failedLatest) ?? 0)).toBeGreaterThanOrEqual(1);
    expect(opened.get('greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(0);
    await fake.setFault(null);
  });
});

describe('rate limits, CORS, security headers and timeouts (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start({ slowMs: 3000 });
    app = await startTestApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '5',
        CORS_ORIGINS: 'https://player.example',
        REQUEST_TIMEOUT_MS: '400',
        ELECTRICITY_MAPS_API_URL: fake.baseUrl('v3'),
        ELECTRICITY_MAPS_API_TOKEN: 'fake-token',
        ELECTRICITY_MAPS_TIMEOUT_MS: '2500',
      },
    });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('answers the sixth request of a minute 429 problem+json with Retry-After, and never limits health or metrics', async () => {
    for (let index = 0; index < 5; index += 1) await app.http.get('/regions?limit=1').expect(200);
    const refused = await app.http.get('/regions?limit=1');
    expectProblem(refused, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.detail).toContain('5 requests per minute');
    expect(refused.headers['x-request-id']).toBe(refused.body.requestId);
    // Unknown routes count too, and are refused as well.
    expectProblem(await app.http.get('/no-such-route'), 429);
    for (let index = 0; index < 10; index += 1) {
      await app.http.get('/health/ready').expect(200);
      await app.http.get('/health/live').expect(200);
    }
    await app.http.get('/metrics').expect(200);
    // A known API key is a client of its own; an unknown one counts as its IP.
    await app.http.get('/regions?limit=1').set(asAdmin).expect(200);
    expectProblem(
      await app.http.get('/regions?limit=1').set('Authorization', 'Bearer made-up-key-0123456789'),
      429,
    );
  });

  it('sends the security headers, also on errors', async () => {
    for (const path of ['/health/live', '/no-such-path']) {
      const response = await app.http.get(path);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const allowed = await app.http
      .options('/health/live')
      .set('Origin', 'https://player.example')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://player.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/i);
    const simple = await app.http.get('/health/live').set('Origin', 'https://player.example').expect(200);
    expect(simple.headers['access-control-allow-origin']).toBe('https://player.example');
    expect(simple.headers['access-control-expose-headers']).toMatch(/x-request-id/i);
    const other = await app.http.get('/health/live').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 503 problem+json when a request takes longer than REQUEST_TIMEOUT_MS', async () => {
    await fake.setFault('slow');
    // IS is fetched on demand and the request waits on that call (3 s): past the 400 ms limit.
    const started = Date.now();
    const response = await app.http.get('/intensity/IS').set(asAdmin);
    expectProblem(response, 503);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(response.body.detail).toContain('REQUEST_TIMEOUT_MS');
  });
});
