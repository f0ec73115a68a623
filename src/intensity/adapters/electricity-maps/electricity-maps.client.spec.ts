import {
  CURRENT_HOUR,
  failureOf,
  HOUR_MS,
  TOKEN,
  useFakeElectricityMaps,
} from '../../../../test/support/electricity-maps-client.js';
import type { CallEvent } from './electricity-maps.types.js';
import { canRead } from './endpoints.js';

// Client-level cases against the fake Electricity Maps. Retries, back-off and the breaker are in
// resilience.spec.ts, how answers map to error kinds in electricity-maps.errors.spec.ts, bodies in
// parsers.spec.ts.
const em = useFakeElectricityMaps();

describe('ElectricityMapsClient requests', () => {
  it('sends the token and turns off the caller-IP fallback on v3', async () => {
    await em.makeClient().latest('FR');

    expect(em.fake.calls).toHaveLength(1);
    expect(em.fake.calls[0]).toMatchObject({
      version: 'v3',
      endpoint: 'latest',
      authToken: TOKEN,
      query: { zone: 'FR', shouldUseFallbackCallerLookup: 'false' },
    });
    expect(em.fake.calls[0]?.query).not.toHaveProperty('disableCallerLookup');
  });

  it('uses disableCallerLookup=true on v4', async () => {
    const reading = await em.makeClient({ baseUrl: em.fake.baseUrl('v4') }).latest('DE');

    expect(em.fake.calls[0]).toMatchObject({
      version: 'v4',
      authToken: TOKEN,
      query: { zone: 'DE', disableCallerLookup: 'true' },
    });
    expect(em.fake.calls[0]?.query).not.toHaveProperty('shouldUseFallbackCallerLookup');
    expect(reading.estimationMethod).toBe('FORECASTS_HIERARCHY');
  });

  it('treats a base URL with a trailing slash like one without', async () => {
    await em.makeClient({ baseUrl: `${em.fake.baseUrl('v4')}/` }).latest('DE');

    expect(em.fake.calls[0]).toMatchObject({ version: 'v4', query: { disableCallerLookup: 'true' } });
  });
});

describe('ElectricityMapsClient data', () => {
  it('maps latest to a reading with Dates, upper-casing the zone', async () => {
    const reading = await em.makeClient().latest(' fr ');

    expect(reading).toEqual({
      zone: 'FR',
      datetime: CURRENT_HOUR,
      gCo2ePerKwh: em.fake.intensityAt('FR', CURRENT_HOUR),
      isEstimated: true,
      estimationMethod: 'TIME_SLICER_AVERAGE',
      updatedAt: new Date('2026-03-10T14:15:00.000Z'),
    });
  });

  it('maps history to 24 ascending hourly readings ending at the current hour', async () => {
    const history = await em.makeClient().history('DE');

    expect(history).toHaveLength(24);
    expect(history[0]?.datetime).toEqual(new Date(CURRENT_HOUR.getTime() - 23 * HOUR_MS));
    expect(history[23]?.datetime).toEqual(CURRENT_HOUR);
    expect(history.map((row) => row.gCo2ePerKwh)).toEqual(
      history.map((row) => em.fake.intensityAt('DE', row.datetime)),
    );
    expect(history.filter((row) => row.isEstimated)).toHaveLength(2);
    expect(history[0]).toMatchObject({ isEstimated: false, estimationMethod: null });
  });

  it('skips history hours whose carbonIntensity is null instead of reading them as 0', async () => {
    em.fake.setIntensity('DE', (hourStart) => (hourStart.getUTCHours() === 10 ? null : 120));

    const history = await em.makeClient().history('DE');

    expect(history).toHaveLength(23);
    expect(history.some((row) => row.datetime.getUTCHours() === 10)).toBe(false);
    expect(history.every((row) => row.gCo2ePerKwh === 120)).toBe(true);
  });

  it('maps the forecast (default 24 h → 25 points from the current hour)', async () => {
    const forecast = await em.makeClient().forecast('NL');

    expect(em.fake.calls[0]?.query.horizonHours).toBe('24');
    expect(forecast.zone).toBe('NL');
    expect(forecast.updatedAt).toEqual(new Date('2026-03-10T14:15:00.000Z'));
    expect(forecast.points).toHaveLength(25);
    expect(forecast.points[0]).toEqual({
      datetime: CURRENT_HOUR,
      gCo2ePerKwh: em.fake.intensityAt('NL', CURRENT_HOUR),
    });
    expect(forecast.points[24]?.datetime).toEqual(new Date(CURRENT_HOUR.getTime() + 24 * HOUR_MS));
  });

  it('asks for longer forecasts and rejects horizons EM does not offer before any request', async () => {
    const client = em.makeClient();

    expect((await client.forecast('NL', 72)).points).toHaveLength(73);
    expect(em.fake.calls[0]?.query.horizonHours).toBe('72');
    expect(() => client.forecast('NL', 12)).toThrow(RangeError);
    expect(em.fake.callCount()).toBe(1);
  });

  it('splits a 300 h past range into two sequential calls of at most 240 h and merges them', async () => {
    const end = CURRENT_HOUR;
    const start = new Date(end.getTime() - 300 * HOUR_MS);

    const rows = await em.makeClient().pastRange('FR', start, end);

    expect(em.fake.callCount('past-range')).toBe(2);
    const middle = new Date(start.getTime() + 240 * HOUR_MS);
    expect(em.fake.calls.map((call) => [call.query.start, call.query.end])).toEqual([
      [start.toISOString(), middle.toISOString()],
      [middle.toISOString(), end.toISOString()],
    ]);
    expect(rows).toHaveLength(300);
    expect(rows[0]?.datetime).toEqual(start);
    expect(rows[299]?.datetime).toEqual(new Date(end.getTime() - HOUR_MS));
    expect(new Set(rows.map((row) => row.datetime.getTime())).size).toBe(300);
  });

  it('rejects an empty or inverted past range before any request', () => {
    const client = em.makeClient();

    expect(() => client.pastRange('FR', CURRENT_HOUR, CURRENT_HOUR)).toThrow(RangeError);
    expect(() => client.pastRange('FR', CURRENT_HOUR, new Date(0))).toThrow(RangeError);
    expect(() => client.latest('F R; x')).toThrow(RangeError);
    expect(em.fake.callCount()).toBe(0);
  });

  it('reads the zones the token may use, with their access lists, sending the token', async () => {
    em.fake.entitle(['FR', 'DE'], ['carbon-intensity/latest', 'carbon-intensity/history']);

    const zones = await em.makeClient().zones();

    expect(em.fake.calls[0]).toMatchObject({ endpoint: 'zones', authToken: TOKEN });
    expect([...zones.keys()].sort()).toEqual(['DE', 'FR']);
    expect(zones.get('FR')).toEqual({
      zoneName: 'France',
      access: ['carbon-intensity/latest', 'carbon-intensity/history'],
    });
    expect(canRead(zones, 'fr', 'carbon-intensity/latest')).toBe(true);
    expect(canRead(zones, 'FR', 'carbon-intensity/forecast')).toBe(false);
    expect(canRead(zones, 'NL', 'carbon-intensity/latest')).toBe(false);
  });

  it('understands access ["*"] as everything', async () => {
    em.fake.entitle(['PL'], ['*']);

    const zones = await em.makeClient({ baseUrl: em.fake.baseUrl('v4') }).zones();

    expect(canRead(zones, 'PL', 'carbon-intensity/past-range')).toBe(true);
  });
});

describe('ElectricityMapsClient failures', () => {
  it('times out a slow answer after timeoutMs', async () => {
    await em.fake.setFault('slow');
    const startedMs = performance.now();

    const error = await failureOf(em.makeClient({ timeoutMs: 100, maxRetries: 1 }).latest('FR'));

    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(performance.now() - startedMs).toBeLessThan(900);
    expect(em.fake.callCount('latest')).toBe(2);
  });

  it('reports refused connections as network errors, and recovers when the server is back', async () => {
    const client = em.makeClient();
    await client.latest('FR');
    await em.fake.setFault('refuse-connections');

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');

    await em.fake.setFault(null);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
  });

  it('remembers a zone the plan does not cover and stops asking for it', async () => {
    em.fake.entitle(['DE']);
    const client = em.makeClient();

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'not-entitled', status: 401, retryable: false });
    expect(client.status().notEntitled).toEqual(['FR carbon-intensity/latest']);

    const again = await failureOf(client.latest('FR'));
    expect(again.kind).toBe('not-entitled');
    expect(em.fake.callCount('latest', 'FR')).toBe(1);

    // Other zones and other signals of the same zone are still asked for; no breaker failure either.
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
    expect((await failureOf(client.history('FR'))).kind).toBe('not-entitled');
    expect(em.fake.callCount('history', 'FR')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(0);
  });

  it('forgets a refusal once /zones says the token may read it', async () => {
    em.fake.entitle(['DE']);
    const client = em.makeClient();
    await failureOf(client.latest('FR'));

    em.fake.entitle('*');
    await client.zones();

    expect(client.status().notEntitled).toEqual([]);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
  });

  it('makes no request at all without a token', async () => {
    const events: CallEvent[] = [];
    const client = em.makeClient({ token: undefined, onCall: (event) => events.push(event) });

    const errors = await Promise.all([
      failureOf(client.latest('FR')),
      failureOf(client.history('FR')),
      failureOf(client.forecast('FR')),
      failureOf(client.pastRange('FR', new Date(0), CURRENT_HOUR)),
      failureOf(client.zones()),
    ]);

    expect(errors.map((error) => error.kind)).toEqual(Array(5).fill('not-configured'));
    expect(errors.every((error) => !error.retryable)).toBe(true);
    expect(em.fake.callCount()).toBe(0);
    expect(client.status()).toMatchObject({ isConfigured: false, hasSucceeded: false, lastError: null });
    expect(events[0]).toMatchObject({ outcome: 'not-configured', attempts: 0 });
  });
});

describe('ElectricityMapsClient health', () => {
  it('calls /health at the root of the host without a token', async () => {
    const health = await em.makeClient({ baseUrl: em.fake.baseUrl('v4') }).health();

    expect(health).toEqual({ ok: true, status: 'ok' });
    expect(em.fake.calls[0]).toMatchObject({ version: '', endpoint: 'health' });
    expect(em.fake.calls[0]?.authToken).toBeUndefined();
  });

  it('answers ok false on a 500 or refused connections, without throwing or touching the breaker', async () => {
    const client = em.makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await em.fake.setFault('server-error', { endpoint: 'health' });
    expect(await client.health()).toEqual({ ok: false });

    await em.fake.setFault('refuse-connections');
    expect(await client.health()).toEqual({ ok: false });
    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, lastError: null });
  });

  it('is still asked while the breaker is open', async () => {
    const client = em.makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await em.fake.setFault('server-error', { endpoint: 'latest' });
    await failureOf(client.latest('FR'));
    expect(client.status().breaker).toBe('open');

    expect(await client.health()).toEqual({ ok: true, status: 'ok' });
  });

  it('works without a token', async () => {
    expect(await em.makeClient({ token: undefined }).health()).toMatchObject({ ok: true });
  });
});
