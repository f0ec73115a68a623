import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { failureOf, useFakeElectricityMaps } from '../../../../test/support/electricity-maps-client.js';
import { kindOfErrorStatus, unhealthyOutcome } from './electricity-maps.errors.js';

// Which error kind an answer turns into: through the client against the fake (or a stub, for a body the
// fake never sends), then the mapping itself.
const em = useFakeElectricityMaps();

describe('ElectricityMapsClient failures', () => {
  it('reports a token that never worked as unauthorized, without retrying or leaking it', async () => {
    const client = em.makeClient({ token: 'secret-token-123' });

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false });
    expect(error.message).not.toContain('secret-token-123');
    expect(JSON.stringify(client.status())).not.toContain('secret-token-123');
    expect(em.fake.callCount('latest')).toBe(1);
    expect(em.fake.calls[0]?.authToken).toBe('secret-token-123');
  });

  it('reports "No recent data" as no-data, without retry or breaker failure', async () => {
    await em.fake.setFault('no-data', { zone: 'FR' });
    const client = em.makeClient();

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'no-data', status: 404, retryable: true });
    expect(em.fake.callCount('latest')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(0);
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
  });

  it('reports a latest value of null as no-data', async () => {
    em.fake.setIntensity('FR', () => null);

    expect((await failureOf(em.makeClient().latest('FR'))).kind).toBe('no-data');
  });

  it('reports an unknown zone as bad-request', async () => {
    const error = await failureOf(em.makeClient().latest('XX-NOPE'));

    expect(error).toMatchObject({ kind: 'bad-request', status: 404, retryable: false });
    expect(error.message).toContain("Zone 'XX-NOPE' does not exist");
  });

  it('reports a truncated 200 body as malformed, without retry, counting a breaker failure', async () => {
    await em.fake.setFault('malformed');
    const client = em.makeClient();

    const error = await failureOf(client.history('FR'));

    expect(error).toMatchObject({ kind: 'malformed', status: 200 });
    expect(em.fake.callCount('history')).toBe(1);
    expect(client.status().consecutiveFailures).toBe(1);
  });

  it('reports a negative carbon intensity as malformed', async () => {
    em.fake.setIntensity('FR', -5);

    const error = await failureOf(em.makeClient().forecast('FR', 6));

    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('carbonIntensity');
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

  it('handles a 403 with a plain-text body like an invalid token', async () => {
    stubAnswer = { status: 403, body: 'Access denied' };

    expect(await failureOf(em.makeClient({ baseUrl: stubBaseUrl }).latest('FR'))).toMatchObject({
      kind: 'unauthorized',
      status: 403,
    });
  });
});

describe('kindOfErrorStatus', () => {
  const NOT_ENTITLED = 'Request unauthorized for zoneKey=FR,requestType=latest,dataType=carbon-intensity.';
  const NO_DATA = 'No recent data for zone "FR"';

  it.each([
    [500, undefined, false, 'server'],
    [503, 'Service Unavailable', true, 'server'],
    [401, NOT_ENTITLED, false, 'not-entitled'],
    [401, NOT_ENTITLED, true, 'not-entitled'],
    [401, 'Invalid auth-token', false, 'unauthorized'],
    [403, undefined, false, 'unauthorized'],
    [401, 'Invalid auth-token', true, 'rate-limited'],
    [403, undefined, true, 'rate-limited'],
    [403, NOT_ENTITLED, false, 'unauthorized'],
    [429, 'Too many requests', false, 'rate-limited'],
    [404, NO_DATA, false, 'no-data'],
    [404, "Zone 'XX-NOPE' does not exist", false, 'bad-request'],
    [400, NO_DATA, false, 'bad-request'],
    [400, undefined, false, 'bad-request'],
    [302, undefined, false, 'bad-request'],
  ] as const)(
    'maps HTTP %i with error %j (token worked before: %s) to %s',
    (status, apiError, hasWorked, kind) => {
      expect(kindOfErrorStatus(status, apiError, hasWorked)).toBe(kind);
    },
  );
});

describe('unhealthyOutcome', () => {
  it.each([
    [503, undefined, 'server'],
    [200, 'degraded', 'server'],
    [200, undefined, 'malformed'],
    [404, undefined, 'bad-request'],
  ] as const)(
    'labels a failed health check answering HTTP %i with status %j as %s',
    (status, reported, outcome) => {
      expect(unhealthyOutcome(status, reported)).toBe(outcome);
    },
  );
});
