import http from 'node:http';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';

const FAKE_NOW = new Date('2026-03-10T14:20:00.000Z');
const CURRENT_HOUR = new Date('2026-03-10T14:00:00.000Z');
const HOUR_MS = 3_600_000;

interface Reply {
  status: number;
  contentType?: string;
  retryAfter?: string;
  text: string;
  json: unknown;
}

/** GET without connection pooling, so nothing stays open after a test. */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          retryAfter: response.headers['retry-after'],
          text,
          json,
        });
      });
    });
    request.on('error', reject);
  });
}

const withToken = { 'auth-token': 'fake-token' };

let fake: FakeElectricityMaps;

beforeAll(async () => {
  fake = await FakeElectricityMaps.start({ now: () => FAKE_NOW, slowMs: 200 });
});

afterEach(async () => {
  await fake.setFault(null);
  fake.entitle('*');
  fake.clearIntensities();
  fake.resetCalls();
});

afterAll(async () => {
  await fake.stop();
});

describe('fake Electricity Maps: auth and errors as the real API answers them', () => {
  it('asks for the header when the token is missing', async () => {
    const reply = await get(`${fake.baseUrl()}/carbon-intensity/latest?zone=FR`);

    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      error: 'Invalid auth-token',
      message: expect.stringMatching(/^Please provide a valid authentication header/),
    });
  });

  it('rejects an unknown token', async () => {
    const reply = await get(`${fake.baseUrl('v4')}/carbon-intensity/latest?zone=FR`, {
      'auth-token': 'nope',
    });

    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ message: expect.stringMatching(/^The provided token is invalid/) });
  });

  it('names zone, request type and data type when the plan does not cover a zone', async () => {
    fake.entitle(['DE']);

    const reply = await get(`${fake.baseUrl()}/carbon-intensity/forecast?zone=FR`, withToken);

    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({
      error: 'Request unauthorized for zoneKey=FR,requestType=forecast,dataType=carbon-intensity.',
    });
  });

  it.each([
    ['an unknown zone', '/carbon-intensity/latest?zone=XX-NOPE', 404, "Zone 'XX-NOPE' does not exist"],
    ['no location', '/carbon-intensity/latest', 400, 'Missing or invalid location'],
    [
      'a horizon EM does not offer',
      '/carbon-intensity/forecast?zone=FR&horizonHours=12',
      400,
      'horizonHours',
    ],
    [
      'a past range over 240 h',
      '/carbon-intensity/past-range?zone=FR&start=2026-02-01T00:00:00Z&end=2026-02-11T01:00:00Z',
      400,
      'too long',
    ],
    ['an unknown path', '/power-breakdown/latest?zone=FR', 404, 'Not found'],
  ])('answers %s with %i', async (_case, pathAndQuery, status, errorText) => {
    const reply = await get(`${fake.baseUrl()}${pathAndQuery}`, withToken);

    expect(reply.status).toBe(status);
    expect(reply.json).toEqual({ error: expect.stringContaining(errorText) });
  });
});

describe('fake Electricity Maps: data', () => {
  it('serves /health at the root with the JSON content type', async () => {
    const reply = await get(`${fake.origin}/health`);

    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/json; charset=utf-8');
    expect(reply.json).toEqual({ status: 'ok', monitors: { state: 'ok' } });
  });

  it('lists every zone without a token, and the entitled ones with access and v4 metadata with one', async () => {
    const all = (await get(`${fake.baseUrl()}/zones`)).json as Record<string, Record<string, unknown>>;
    expect(Object.keys(all).length).toBeGreaterThanOrEqual(60);
    expect(all['US-CAL-CISO']).toEqual({ zoneName: 'CAISO', countryName: 'USA' });
    expect(all.FR).not.toHaveProperty('access');

    fake.entitle(['DK-DK2'], ['carbon-intensity/latest']);
    const mine = (await get(`${fake.baseUrl('v4')}/zones`, withToken)).json;
    expect(mine).toEqual({
      'DK-DK2': expect.objectContaining({
        zoneKey: 'DK-DK2',
        countryCode: 'DK',
        zoneParentKey: 'DK',
        access: ['carbon-intensity/latest'],
      }),
    });
  });

  it('serves latest for the current hour from the deterministic daily curve', async () => {
    const reply = await get(`${fake.baseUrl('v4')}/carbon-intensity/latest?zone=FR`, withToken);

    // France's 2025 yearly average is 31 g/kWh; at 14:00 UTC the curve is 31 × (1 + 0.25 × sin(2π × 8/24)).
    expect(fake.intensityAt('FR', CURRENT_HOUR)).toBe(
      Math.round(31 * (1 + 0.25 * Math.sin((2 * Math.PI * 8) / 24))),
    );
    expect(reply.json).toMatchObject({
      zone: 'FR',
      carbonIntensity: fake.intensityAt('FR', CURRENT_HOUR),
      datetime: '2026-03-10T14:00:00.000Z',
      updatedAt: '2026-03-10T14:15:00.000Z',
      isEstimated: true,
      estimationMethod: 'FORECASTS_HIERARCHY',
      temporalGranularity: 'hourly',
      flowTraced: true,
    });
  });

  it('falls back to 300 g/kWh for zones without a yearly average', () => {
    fake.setIntensity('FR', 42);

    expect(fake.intensityAt('FR', CURRENT_HOUR)).toBe(42);
    expect(fake.intensityAt('XX', new Date('2026-03-10T06:30:00.000Z'))).toBe(300);
  });

  it('serves 24 history rows ending at the current hour, the last two estimated', async () => {
    const reply = await get(`${fake.baseUrl()}/carbon-intensity/history?zone=DE`, withToken);
    const history = (reply.json as { history: { datetime: string; isEstimated: boolean }[] }).history;

    expect(history).toHaveLength(24);
    expect(history[23]?.datetime).toBe(CURRENT_HOUR.toISOString());
    expect(history.map((row) => row.isEstimated).lastIndexOf(false)).toBe(21);
    expect(history[0]).not.toHaveProperty('flowTraced');
  });

  it('serves horizon + 1 forecast rows and an exclusive past-range end', async () => {
    const forecast = await get(
      `${fake.baseUrl()}/carbon-intensity/forecast?zone=DE&horizonHours=6`,
      withToken,
    );
    expect((forecast.json as { forecast: unknown[] }).forecast).toHaveLength(7);

    const start = new Date(CURRENT_HOUR.getTime() - 48 * HOUR_MS).toISOString();
    const end = new Date(CURRENT_HOUR.getTime() - 24 * HOUR_MS).toISOString();
    const range = await get(
      `${fake.baseUrl()}/carbon-intensity/past-range?zone=DE&start=${start}&end=${end}`,
      withToken,
    );
    const data = (range.json as { data: { datetime: string }[] }).data;
    expect(data).toHaveLength(24);
    expect(data[0]?.datetime).toBe(start);
  });

  it('logs every call with its query, status and token', async () => {
    await get(`${fake.baseUrl('v4')}/carbon-intensity/latest?zone=FR&disableCallerLookup=true`, withToken);

    expect(fake.calls).toEqual([
      expect.objectContaining({
        version: 'v4',
        endpoint: 'latest',
        zone: 'FR',
        query: { zone: 'FR', disableCallerLookup: 'true' },
        status: 200,
        at: FAKE_NOW,
        authToken: 'fake-token',
      }),
    ]);
    expect(fake.callCount('latest', 'FR')).toBe(1);
  });
});

describe('fake Electricity Maps: faults', () => {
  it('refuses connections, then listens again on the same port', async () => {
    const origin = fake.origin;
    await fake.setFault('refuse-connections');

    await expect(get(`${origin}/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await fake.setFault(null);
    expect(fake.origin).toBe(origin);
    expect((await get(`${origin}/health`)).status).toBe(200);
  });

  it('applies a scoped fault to matching calls only, for `times` calls', async () => {
    await fake.setFault('server-error', { zone: 'FR', endpoint: 'latest', times: 2 });
    const statusOf = async (zone: string): Promise<number> =>
      (await get(`${fake.baseUrl()}/carbon-intensity/latest?zone=${zone}`, withToken)).status;

    expect([await statusOf('DE'), await statusOf('FR'), await statusOf('FR'), await statusOf('FR')]).toEqual([
      200, 500, 500, 200,
    ]);
  });

  it('sends 429 with Retry-After, the no-data 404 and a truncated 200', async () => {
    const latest = `${fake.baseUrl()}/carbon-intensity/latest?zone=FR`;

    await fake.setFault('rate-limit', { times: 1 });
    expect(await get(latest, withToken)).toMatchObject({ status: 429, retryAfter: '2' });

    await fake.setFault('no-data', { times: 1 });
    expect(await get(latest, withToken)).toMatchObject({
      status: 404,
      json: { error: 'No recent data for zone "FR"' },
    });

    await fake.setFault('malformed', { times: 1 });
    const malformed = await get(latest, withToken);
    expect(malformed.status).toBe(200);
    expect(malformed.json).toBeUndefined();
    expect(malformed.text.startsWith('{"zone":"FR"')).toBe(true);
  });

  it('answers slowly, then normally', async () => {
    await fake.setFault('slow', { times: 1 });
    const startedMs = performance.now();

    const reply = await get(`${fake.origin}/health`);

    expect(reply.status).toBe(200);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(190);
  });

  it('stops promptly while a slow answer is pending', async () => {
    const slowFake = await FakeElectricityMaps.start({ slowMs: 60_000 });
    await slowFake.setFault('slow');
    const pending = get(`${slowFake.origin}/health`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedMs = performance.now();

    await slowFake.stop();

    expect(performance.now() - startedMs).toBeLessThan(1000);
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
  });
});
