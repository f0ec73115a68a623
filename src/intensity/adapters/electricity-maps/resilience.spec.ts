import type { CallEvent } from './electricity-maps.types.js';
import { failureOf, useFakeElectricityMaps } from '../../../../test/support/electricity-maps-client.js';

// Retries, rate-limit back-off and the circuit breaker, through the client against the fake.
const em = useFakeElectricityMaps();

describe('ElectricityMapsClient failures', () => {
  it('retries a 500 and returns the answer of the next attempt', async () => {
    const events: CallEvent[] = [];
    await em.fake.setFault('server-error', { times: 1 });

    const reading = await em.makeClient({ onCall: (event) => events.push(event) }).latest('FR');

    expect(reading.zone).toBe('FR');
    expect(em.fake.calls.map((call) => call.status)).toEqual([500, 200]);
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
    await em.fake.setFault('server-error');
    const client = em.makeClient();

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({
      kind: 'server',
      status: 500,
      endpoint: 'latest',
      zone: 'FR',
      retryable: true,
    });
    expect(em.fake.callCount('latest')).toBe(3);
    expect(client.status()).toMatchObject({ consecutiveFailures: 1, breaker: 'closed' });
    expect(client.status().lastError).toMatchObject({ kind: 'server', endpoint: 'latest' });
  });

  it('waits a jittered, exponentially growing delay between attempts', async () => {
    await em.fake.setFault('server-error');
    const startedMs = performance.now();

    await failureOf(em.makeClient({ retryBaseDelayMs: 100, random: () => 0.5 }).latest('FR'));

    // 0.5 × 100 × 2^0 + 0.5 × 100 × 2^1 = 150 ms of waiting in total.
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(140);
  });

  it('honours Retry-After on 429 and lets calls through once it has passed', async () => {
    await em.fake.setFault('rate-limit', { times: 1 });
    const client = em.makeClient();

    const error = await failureOf(client.latest('FR'));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true });
    expect(error.retryAt).toEqual(new Date(em.nowMs + 2000));
    expect(client.status().backoffUntil).toEqual(new Date(em.nowMs + 2000));
    expect(em.fake.callCount('latest')).toBe(1);

    const held = await failureOf(client.history('DE'));
    expect(held.kind).toBe('backing-off');
    expect(em.fake.callCount()).toBe(1);

    em.nowMs += 2000;
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
    expect(client.status().backoffUntil).toBeNull();
  });

  it('accepts an HTTP-date Retry-After, and falls back to rateLimitBackoffMs without one', async () => {
    const client = em.makeClient({ rateLimitBackoffMs: 45_000 });
    await em.fake.setFault('rate-limit', { times: 1, retryAfter: new Date(em.nowMs + 7000).toUTCString() });
    expect((await failureOf(client.latest('FR'))).retryAt).toEqual(new Date(em.nowMs + 7000));

    em.nowMs += 7000;
    await em.fake.setFault('rate-limit', { times: 1, retryAfter: null });
    expect((await failureOf(client.latest('FR'))).retryAt).toEqual(new Date(em.nowMs + 45_000));
  });

  it('reads a 401 "invalid token" after earlier successes as rate limiting and backs off', async () => {
    const client = em.makeClient({ rateLimitBackoffMs: 60_000 });
    await client.latest('FR');
    await em.fake.setFault('invalid-token', { times: 1 });

    const error = await failureOf(client.latest('FR'));

    expect(error).toMatchObject({ kind: 'rate-limited', status: 401 });
    expect(client.status().backoffUntil).toEqual(new Date(em.nowMs + 60_000));
    expect((await failureOf(client.latest('FR'))).kind).toBe('backing-off');
    expect(em.fake.callCount('latest')).toBe(2);
  });
});

describe('ElectricityMapsClient circuit breaker', () => {
  it('opens after N failed calls, rejects without HTTP, probes once after the cooldown, closes on success', async () => {
    const client = em.makeClient({ breakerFailureThreshold: 2, breakerCooldownMs: 10_000, maxRetries: 0 });
    await em.fake.setFault('server-error');

    await failureOf(client.latest('FR'));
    await failureOf(client.latest('FR'));
    expect(client.status()).toMatchObject({ breaker: 'open', consecutiveFailures: 2 });

    const rejected = await failureOf(client.latest('DE'));
    expect(rejected).toMatchObject({ kind: 'circuit-open', retryable: true });
    expect(rejected.retryAt).toEqual(new Date(em.nowMs + 10_000));
    expect(em.fake.callCount()).toBe(2);

    // Cooldown over: one probe goes through; a call made while it runs is still turned away.
    em.nowMs += 10_000;
    expect(client.status().breaker).toBe('half-open');
    const probe = failureOf(client.latest('FR'));
    expect((await failureOf(client.latest('DE'))).kind).toBe('circuit-open');
    expect((await probe).kind).toBe('server');
    expect(em.fake.callCount()).toBe(3);

    // The failed probe re-opened the breaker for another cooldown.
    expect(client.status().breaker).toBe('open');
    expect((await failureOf(client.latest('FR'))).kind).toBe('circuit-open');

    em.nowMs += 10_000;
    await em.fake.setFault(null);
    await expect(client.latest('FR')).resolves.toMatchObject({ zone: 'FR' });
    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, hasSucceeded: true });
    expect(client.status().lastSuccessAt).toEqual(new Date(em.nowMs));
    await expect(client.latest('DE')).resolves.toMatchObject({ zone: 'DE' });
  });

  it('does not count answers such as no-data or not-entitled as failures', async () => {
    const client = em.makeClient({ breakerFailureThreshold: 1, maxRetries: 0 });
    await em.fake.setFault('no-data', { zone: 'FR' });
    em.fake.entitle(['FR']);

    await failureOf(client.latest('FR'));
    await failureOf(client.latest('DE'));

    expect(client.status()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
  });
});
