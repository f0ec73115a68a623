import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { failureOf, useFakeElectricityMaps } from '../../../../test/support/electricity-maps-client.js';

// Which error kind an answer turns into, through the client against the fake (or a stub for odd bodies).
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
