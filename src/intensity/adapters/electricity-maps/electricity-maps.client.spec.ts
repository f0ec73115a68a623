import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeElectricityMaps } from '../../../../test/fakes/fake-electricity-maps.js';
import { ElectricityMapsClient } from './electricity-maps.client.js';
import { ElectricityMapsError } from './electricity-maps.errors.js';
import type { CallEvent, ElectricityMapsClientOptions } from './electricity-maps.types.js';
import { canRead, splitTimeRange } from './endpoints.js';

// The fake's clock: 14:20 UTC, so the current hour is 14:00 and data are fully deterministic.
const FAKE_NOW = new Date('2026-03-10T14:20:00.000Z');
const CURRENT_HOUR = new Date('2026-03-10T14:00:00.000Z');
const HOUR_MS = 3_600_000;
const TOKEN = 'fake-token';

let fake: FakeElectricityMaps;
let clientNowMs: number;
const openClients: ElectricityMapsClient[] = [];

function makeClient(overrides: Partial<ElectricityMapsClientOptions> = {}): ElectricityMapsClient {
  const client = new ElectricityMapsClient({
    baseUrl: fake.baseUrl('v3'),
    token: TOKEN,
    timeoutMs: 2000,
    retryBaseDelayMs: 1,
    // Zero jitter: retries happen at once, so tests are fast and deterministic.
    random: () => 0,
    now: () => clientNowMs,
    ...overrides,
  });
  openClients.push(client);
  return client;
}

/** The rejection of a call, as an ElectricityMapsError (fails the test if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<ElectricityMapsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ElectricityMapsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  fake = await FakeElectricityMaps.start({ now: () => FAKE_NOW, slowMs: 1000 });
});

beforeEach(() => {
  clientNowMs = Date.parse('2026-03-10T14:30:00.000Z');
});

afterEach(async () => {
  for (const client of openClients.splice(0)) client.close();
  await fake.setFault(null);
  fake.clearIntensities();
  fake.entitle('*');
  fake.resetCalls();
});

afterAll(async () => {
  await fake.stop();
});

describe('ElectricityMapsClient requests', () => {
  it('sends the token and turns off the caller-IP fallback on v3', async () => {
    await makeClient().latest('FR');

    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      version: 'v3',
      endpoint: 'latest',
      authToken: TOKEN,
      query: { zone: 'FR', shouldUseFallbackCallerLookup: 'false' },
    });
    expect(fake.calls[0]?.query).not.toHaveProperty('disableCallerLookup');
  });

  it('uses disableCallerLookup=true on v4', async () => {
    const reading = await makeClient({ baseUrl: fake.baseUrl('v4') }).latest('DE');

    expect(fake.calls[0]).toMatchObject({
      version: 'v4',
      authToken: TOKEN,
      query: { zone: 'DE', disableCallerLookup: 'true' },
    });
    expect(fake.calls[0]?.query).not.toHaveProperty('shouldUseFallbackCallerLookup');
    expect(reading.estimationMethod).toBe('FORECASTS_HIERARCHY');
  });

  it('treats a base URL with a trailing slash like one without', async () => {
    await makeClient({ baseUrl: `${fake.baseUrl('v4')}/` }).latest('DE');

    expect(fake.calls[0]).toMatchObject({ version: 'v4', query: { disableCallerLookup: 'true' } });
  });
});

describe('ElectricityMapsClient data', () => {
  it('maps latest to a reading with Dates, upper-casing the zone', async () => {
    const reading = await makeClient().latest(' fr ');

    expect(reading).toEqual({
      zone: 'FR',
      datetime: CURRENT_HOUR,
      gCo2ePerKwh: fake.intensityAt('FR', CURRENT_HOUR),
      isEstimated: true,
      estimationMethod: 'TIME_SLICER_AVERAGE',
      updatedAt: new Date('2026-03-10T14:15:00.000Z'),
    });
  });

  it('maps history to 24 ascending hourly readings ending at the current hour', async () => {
    const history = await makeClient().history('DE');

    expect(history).toHaveLength(24);
    expect(history[0]?.datetime).toEqual(new Date(CURRENT_HOUR.getTime() - 23 * HOUR_MS));
    expect(history[23]?.datetime).toEqual(CURRENT_HOUR);
    expect(history.map((row) => row.gCo2ePerKwh)).toEqual(
      history.map((row) => fake.intensityAt('DE', row.datetime)),
    );
    expect(history.filter((row) => row.isEstimated)).toHaveLength(2);
    expect(history[0]).toMatchObject({ isEstimated: false, estimationMethod: null });
  });

  it('skips history hours whose carbonIntensity is null instead of reading them as 0', async () => {
    fake.setIntensity('DE', (hourStart) => (hourStart.getUTCHours() === 10 ? null : 120));

    const history = await makeClient().history('DE');

    expect(history).toHaveLength(23);
    expect(history.some((row) => row.datetime.getUTCHours() === 10)).toBe(false);
    expect(history.every((row) => row.gCo2ePerKwh === 120)).toBe(true);
  });

  it('maps the forecast (default 24 h → 25 points from the current hour)', async () => {
    const forecast = await makeClient().forecast('NL');

    expect(fake.calls[0]?.query.horizonHours).toBe('24');
    expect(forecast.zone).toBe('NL');
    expect(forecast.updatedAt).toEqual(new Date('2026-03-10T14:15:00.000Z'));
    expect(forecast.points).toHaveLength(25);
    expect(forecast.points[0]).toEqual({
      datetime: CURRENT_HOUR,
      gCo2ePerKwh: fake.intensityAt('NL', CURRENT_HOUR),
    });
    expect(forecast.points[24]?.datetime).toEqual(new Date(CURRENT_HOUR.getTime() + 24 * HOUR_MS));
  });

  it('asks for longer forecasts and rejects horizons EM does not offer before any request', async () => {
    const client = makeClient();

    expect((await client.forecast('NL', 72)).points).toHaveLength(73);
    expect(fake.calls[0]?.query.horizonHours).toBe('72');
    expect(() => client.forecast('NL', 12)).toThrow(RangeError);
    expect(fake.callCount()).toBe(1);
  });

  it('splits a 300 h past range into two sequential calls of at most 240 h and merges them', async () => {
    const end = CURRENT_HOUR;
    const start = new Date(end.getTime() - 300 * HOUR_MS);

    const rows = await makeClient().pastRange('FR', start, end);

    expect(fake.callCount('past-range')).toBe(2);
    const middle = new Date(start.getTime() + 240 * HOUR_MS);
    expect(fake.calls.map((call) => [call.query.start, call.query.end])).toEqual([
      [start.toISOString(), middle.toISOString()],
      [middle.toISOString(), end.toISOString()],
    ]);
    expect(rows).toHaveLength(300);
    expect(rows[0]?.datetime).toEqual(start);
    expect(rows[299]?.datetime).toEqual(new Date(end.getTime() - HOUR_MS));
    expect(new Set(rows.map((row) => row.datetime.getTime())).size).toBe(300);
  });

  it('rejects an empty or inverted past range before any request', () => {
    const client = makeClient();

    expect(() => client.pastRange('FR', CURRENT_HOUR, CURRENT_HOUR)).toThrow(RangeError);
    expect(() => client.pastRange('FR', CURRENT_HOUR, new Date(0))).toThrow(RangeError);
    expect(() => client.latest('F R; x')).toThrow(RangeError);
    expect(fake.callCount()).toBe(0);
  });

  it('reads the zones the token may use, with their access lists, sending the token', async () => {
    fake.entitle(['FR', 'DE'], ['carbon-intensity/latest', 'carbon-intensity/history']);

    const zones = await makeClient().zones();

    expect(fake.calls[0]).toMatchObject({ endpoint: 'zones', authToken: TOKEN });
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
    fake.entitle(['PL'], ['*']);

    const zones = await makeClient({ baseUrl: fake.baseUrl('v4') }).zones();

    expect(canRead(zones, 'PL', 'carbon-intensity/past-range')).toBe(true);
  });
});

describe('ElectricityMapsClient failures', () => {
  it('retries a 500 and returns the answer of the next attempt', async () => {
    const events: CallEvent[] = [];
    await fake.setFault('server-error', { times: 1 });

    const reading = await makeClient({ onCall: (event) => events.push(event) }).latest('FR');

    expect(reading.zone).toBe('FR');
    expect(fake.calls.map((call) => call.status)).toEqual([500, 200]);
    expect(events).toEqual([
      expect.objectContaining({
        endpoint: 'latest',
        zone: 'FR',
        outcome: 'success',
        status: 200,
        attempts: 2,
      }),
    ]);
  });

  it('gives up after maxRetries on persistent 5xx, counting one breaker failure', async () => {
    await fake.setFault('server-error');
    const client = makeClient();

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({
      kind: 'server',
      status: 500,
      endpoint: 'latest',
      zone: 'FR',
      retryable: true,
    });
    expect(fake.callCount('latest')).toBe(3);
    expect(client.status()).toMatchObject({ consecutiveFailures: 1, breaker: 'closed' });
    expect(client.status().lastError).toMatchObject({ kind: 'server', endpoint: 'latest' });
  });

  it('waits a jittered, exponentially growing delay between attempts', async () => {
    await fake.setFault('server-error');
    const startedMs = performance.now();

    await failureOf(makeClient({ retryBaseDelayMs: 100, random: () => 0.5 }).latest('FR'));

    // 0.5 × 100 × 2^0 + 0.5 × 100 × 2^1 = 150 ms of waiting in total.
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(140);
  });

  it('times out a slow answer after timeoutMs', async () => {
    await fake.setFault('slow');
    const startedMs = performance.now();

    const error = await failureOf(makeClient({ timeoutMs: 100, maxRetries: 1 }).latest('FR'));

    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(performance.now() - startedMs).toBeLessThan(900);
    expect(fake.callCount('latest')).toBe(2);
  });

  it('reports refused connections as network errors, and recovers when the server is back', async () => {
    const client = makeClient();
    await client.latest('FR');
    await fake.setFault('refuse-connections');

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');

    await fake.setFault(null);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
  });

  it('remembers a zone the plan does not cover and stops asking for it', async () => {
    fake.entitle(['DE']);
    const client = makeClient();

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'not-entitled', status: 401, retryable: false });
    expect(client.status().notEntitled).toEqual(['FR carbon-intensity/latest']);

    const again = await failureOf(client.latest('FR'));
    expect(again.kind).toBe('not-entitled');
    expect(fake.callCount('latest', 'FR')).toBe(1);

    // Other zones and other signals of the same zone are still asked for; no breaker failure either.
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
    expect((await failureOf(client.history('FR'))).kind).toBe('not-entitled');
    expect(fake.callCount('history', 'FR')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(0);
  });

  it('forgets a refusal once /zones says the token may read it', async () => {
    fake.entitle(['DE']);
    const client = makeClient();
    await failureOf(client.latest('FR'));

    fake.entitle('*');
    await client.zones();

    expect(client.status().notEntitled).toEqual([]);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
  });

  it('honours Retry-After on 429 and lets calls through once it has passed', async () => {
    await fake.setFault('rate-limit', { times: 1 });
    const client = makeClient();

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true });
    expect(error.retryAt).toEqual(new Date(clientNowMs + 2000));
    expect(client.status().backoffUntil).toEqual(new Date(clientNowMs + 2000));
    expect(fake.callCount('latest')).toBe(1);

    const held = await failureOf(client.history('DE'));
    expect(held.kind).toBe('backing-off');
    expect(fake.callCount()).toBe(1);

    clientNowMs += 2000;
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
    expect(client.status().backoffUntil).toBeNull();
  });

  it('accepts an HTTP-date Retry-After, and falls back to rateLimitBackoffMs without one', async () => {
    const client = makeClient({ rateLimitBackoffMs: 45_000 });
    await fake.setFault('rate-limit', { times: 1, retryAfter: new Date(clientNowMs + 7000).toUTCString() });
    expect((await failureOf(client.latest('FR'))).retryAt).toEqual(new Date(clientNowMs + 7000));

    clientNowMs += 7000;
    await fake.setFault('rate-limit', { times: 1, retryAfter: null });
    expect((await failureOf(client.latest('FR'))).retryAt).toEqual(new Date(clientNowMs + 45_000));
  });

  it('reads a 401 "invalid token" after earlier successes as rate limiting and backs off', async () => {
    const client = makeClient({ rateLimitBackoffMs: 60_000 });
    await client.latest('FR');
    await fake.setFault('invalid-token', { times: 1 });

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'rate-limited', status: 401 });
    expect(client.status().backoffUntil).toEqual(new Date(clientNowMs + 60_000));
    expect((await failureOf(client.latest('FR'))).kind).toBe('backing-off');
    expect(fake.callCount('latest')).toBe(2);
  });

  it('reports a token that never worked as unauthorized, without retrying or leaking it', async () => {
    const client = makeClient({ token: 'secret-token-123' });

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false });
    expect(error.message).not.toContain('secret-token-123');
    expect(JSON.stringify(client.status())).not.toContain('secret-token-123');
    expect(fake.callCount('latest')).toBe(1);
    expect(fake.calls[0]?.authToken).toBe('secret-token-123');
  });

  it('reports "No recent data" as no-data, without retry or breaker failure', async () => {
    await fake.setFault('no-data', { zone: 'FR' });
    const client = makeClient();

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'no-data', status: 404, retryable: true });
    expect(fake.callCount('latest')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(0);
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
  });

  it('reports a latest value of null as no-data', async () => {
    fake.setIntensity('FR', () => null);

    expect((await failureOf(makeClient().latest('FR'))).kind).toBe('no-data');
  });

  it('reports an unknown zone as bad-request', async () => {
    const error = await failureOf(makeClient().latest('XX-NOPE'));

    expect(error).toMatchObject({ kind: 'bad-request', status: 404, retryable: false });
    expect(error.message).toContain("Zone 'XX-NOPE' does not exist");
  });

  it('reports a truncated 200 body as malformed, without retry, counting a breaker failure', async () => {
    await fake.setFault('malformed');
    const client = makeClient();

    const error = await failureOf(client.history('FR'));

    expect(error).toMatchObject({ kind: 'malformed', status: 200 });
    expect(fake.callCount('history')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(1);
  });

  it('reports a negative carbon intensity as malformed', async () => {
    fake.setIntensity('FR', -5);

    const error = await failureOf(makeClient().forecast('FR', 6));

    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('carbonIntensity');
  });

  it('makes no request at all without a token', async () => {
    const events: CallEvent[] = [];
    const client = makeClient({ token: undefined, onCall: (event) => events.push(event) });

    const errors = await Promise.all([
      failureOf(client.latest('FR')),
      failureOf(client.history('FR')),
      failureOf(client.forecast('FR')),
      failureOf(client.pastRange('FR', new Date(0), CURRENT_HOUR)),
      failureOf(client.zones()),
    ]);

    expect(errors.map((error) => error.kind)).toEqual(Array(5).fill('not-configured'));
    expect(errors.every((error) => !error.retryable)).toBe(true);
    expect(fake.callCount()).toBe(0);
    expect(client.status()).toMatchObject({ isConfigured: false, hasSucceeded: false, lastError: null });
    expect(events[0]).toMatchObject({ outcome: 'not-configured', attempts: 0 });
  });
});

describe('ElectricityMapsClient circuit breaker', () => {
  it('opens after N failed calls, rejects without HTTP, probes once after the cooldown, closes on success', async () => {
    const client = makeClient({ breakerFailureThreshold: 2, breakerCooldownMs: 10_000, maxRetries: 0 });
    await fake.setFault('server-error');

    await failureOf(client.latest('FR'));
    await failureOf(client.latest('FR'));
    expect(client.status()).toMatchObject({ breaker: 'open', consecutiveFailures: 2 });

    const rejected = await failureOf(client.latest('DE'));
    expect(rejected).toMatchObject({ kind: 'circuit-open', retryable: true });
    expect(rejected.retryAt).toEqual(new Date(clientNowMs + 10_000));
    expect(fake.callCount()).toBe(2);

    // Cooldown over: one probe goes through; a call made while it runs is still turned away.
    clientNowMs += 10_000;
    expect(client.status().breaker).toBe('half-open');
    const probe = failureOf(client.latest('FR'));
    expect((await failureOf(client.latest('DE'))).kind).toBe('circuit-open');
    expect((await probe).kind).toBe('server');
    expect(fake.callCount()).toBe(3);

    // The failed probe re-opened the breaker for another cooldown.
    expect(client.status().breaker).toBe('open');
    expect((await failureOf(client.latest('FR'))).kind).toBe('circuit-open');

    clientNowMs += 10_000;
    await fake.setFault(null);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, hasSucceeded: true });
    expect(client.status().lastSuccessAt).toEqual(new Date(clientNowMs));
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
  });

  it('does not count answers such as no-data or not-entitled as failures', async () => {
    const client = makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await fake.setFault('no-data', { zone: 'FR' });
    fake.entitle(['FR']);

    await failureOf(client.latest('FR'));
    await failureOf(client.latest('DE'));

    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
  });
});

describe('ElectricityMapsClient health', () => {
  it('calls /health at the root of the host without a token', async () => {
    const health = await makeClient({ baseUrl: fake.baseUrl('v4') }).health();

    expect(health).toEqual({ ok: true, status: 'ok' });
    expect(fake.calls[0]).toMatchObject({ version: '', endpoint: 'health' });
    expect(fake.calls[0]?.authToken).toBeUndefined();
  });

  it('answers ok false on a 500 or refused connections, without throwing or touching the breaker', async () => {
    const client = makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await fake.setFault('server-error', { endpoint: 'health' });
    expect(await client.health()).toEqual({ ok: false });

    await fake.setFault('refuse-connections');
    expect(await client.health()).toEqual({ ok: false });
    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, lastError: null });
  });

  it('is still asked while the breaker is open', async () => {
    const client = makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await fake.setFault('server-error', { endpoint: 'latest' });
    await failureOf(client.latest('FR'));
    expect(client.status().breaker).toBe('open');

    expect(await client.health()).toEqual({ ok: true, status: 'ok' });
  });

  it('works without a token', async () => {
    expect(await makeClient({ token: undefined }).health()).toMatchObject({ ok: true });
  });
});

describe('ElectricityMapsClient validation of odd bodies', () => {
  // Bodies the fake never produces, served verbatim by a throwaway server.
  let stub: http.Server;
  let stubAnswer: { status: number; body: string };
  let stubBaseUrl: string;

  beforeAll(async () => {
    stub = http.createServer((_request, response) => {
      response.writeHead(stubAnswer.status, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(stubAnswer.body);
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubBaseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v3`;
  });

  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  });

  const latestRow = {
    zone: 'FR',
    carbonIntensity: 31,
    datetime: '2026-03-10T14:00:00.000Z',
    updatedAt: '2026-03-10T13:47:05.120Z',
    isEstimated: true,
    estimationMethod: 'TIME_SLICER_AVERAGE',
  };

  it.each([
    ['a zone other than the one asked', { ...latestRow, zone: 'DE' }],
    ['no zone', { ...latestRow, zone: undefined }],
    ['a string intensity', { ...latestRow, carbonIntensity: '31' }],
    ['an invalid datetime', { ...latestRow, datetime: '2026-13-45T99:00:00Z' }],
    ['a datetime without offset', { ...latestRow, datetime: 'March 10, 2026 14:00' }],
    ['a non-boolean isEstimated', { ...latestRow, isEstimated: 'yes' }],
    ['an array instead of an object', [latestRow]],
  ])('treats a latest body with %s as malformed', async (_case, body) => {
    stubAnswer = { status: 200, body: JSON.stringify(body) };

    expect((await failureOf(makeClient({ baseUrl: stubBaseUrl }).latest('FR'))).kind).toBe('malformed');
  });

  it('treats a history without its history array as malformed', async () => {
    stubAnswer = { status: 200, body: JSON.stringify({ zone: 'FR', data: [latestRow] }) };

    expect((await failureOf(makeClient({ baseUrl: stubBaseUrl }).history('FR'))).kind).toBe('malformed');
  });

  it('accepts optional fields being absent and returns null for them', async () => {
    stubAnswer = {
      status: 200,
      body: JSON.stringify({ ...latestRow, updatedAt: undefined, estimationMethod: null }),
    };

    expect(await makeClient({ baseUrl: stubBaseUrl }).latest('FR')).toMatchObject({
      updatedAt: null,
      estimationMethod: null,
    });
  });

  it('handles a 403 with a plain-text body like an invalid token', async () => {
    stubAnswer = { status: 403, body: 'Access denied' };

    expect(await failureOf(makeClient({ baseUrl: stubBaseUrl }).latest('FR'))).toMatchObject({
      kind: 'unauthorized',
      status: 403,
    });
  });
});

describe('splitTimeRange', () => {
  it.each([
    [10, 240, 1],
    [240, 240, 1],
    [241, 240, 2],
    [480, 240, 2],
    [500, 240, 3],
  ])('splits %i h into chunks of at most %i h: %i chunk(s)', (hours, maxHours, expectedChunks) => {
    const start = new Date('2026-01-01T00:00:00.000Z');
    const end = new Date(start.getTime() + hours * HOUR_MS);

    const chunks = splitTimeRange(start, end, maxHours * HOUR_MS);

    expect(chunks).toHaveLength(expectedChunks);
    expect(chunks[0]?.start).toEqual(start);
    expect(chunks.at(-1)?.end).toEqual(end);
    expect(chunks.every((chunk) => chunk.end.getTime() - chunk.start.getTime() <= maxHours * HOUR_MS)).toBe(
      true,
    );
  });
});
