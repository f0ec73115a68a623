import type { CallEvent } from './electricity-maps.types.js';
import { failureOf, useFakeElectricityMaps } from '../../../../test/support/electricity-maps-client.js';
import { CircuitBreaker, RateLimitBackoff, RetryPolicy, retryAfterMs } from './resilience.js';

// Retries, rate-limit back-off and the circuit breaker: through the client against the fake first, then
// the pieces alone with exact values.
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

describe('RetryPolicy', () => {
  it('draws each delay in [0, base × 2^retryIndex)', () => {
    const half = new RetryPolicy({ maxRetries: 2, baseDelayMs: 100, random: () => 0.5 });
    const almostOne = new RetryPolicy({ maxRetries: 2, baseDelayMs: 200, random: () => 0.999 });

    expect([0, 1, 2].map((retryIndex) => half.delayMs(retryIndex))).toEqual([50, 100, 200]);
    expect(almostOne.delayMs(3)).toBe(1598);
    expect(new RetryPolicy({ maxRetries: 2, baseDelayMs: 200, random: () => 0 }).delayMs(5)).toBe(0);
  });

  it('stops at the first result that is not transient', async () => {
    const attempts: number[] = [];
    const policy = new RetryPolicy({ maxRetries: 5, baseDelayMs: 0, random: () => 0 });

    const result = await policy.run(
      async (attempt) => {
        attempts.push(attempt);
        return attempt < 3 ? 503 : 200;
      },
      (status) => status >= 500,
    );

    expect(result).toBe(200);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('makes maxRetries + 1 attempts at most and returns the last result', async () => {
    const attempts: number[] = [];
    const policy = new RetryPolicy({ maxRetries: 2, baseDelayMs: 0, random: () => 0 });

    const result = await policy.run(
      async (attempt) => {
        attempts.push(attempt);
        return `failure ${attempt}`;
      },
      () => true,
    );

    expect(result).toBe('failure 3');
    expect(attempts).toEqual([1, 2, 3]);
  });
});

describe('retryAfterMs', () => {
  const nowMs = Date.parse('2026-03-10T14:30:00.000Z');

  it.each([
    ['2', 2000],
    [' 7 ', 7000],
    ['0', 0],
    ['Tue, 10 Mar 2026 14:30:07 GMT', 7000],
    ['Tue, 10 Mar 2026 14:29:00 GMT', 0],
    [undefined, 45_000],
    ['', 45_000],
    ['soon', 45_000],
  ])('reads Retry-After %j as %i ms', (header, expectedMs) => {
    expect(retryAfterMs(header, nowMs, 45_000)).toBe(expectedMs);
  });
});

describe('CircuitBreaker', () => {
  const breaker = (): CircuitBreaker => new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });

  it('opens after failureThreshold consecutive failures and turns calls away until the cooldown ends', () => {
    const subject = breaker();

    subject.record('server', 0);
    expect(subject.state(0)).toBe('closed');
    expect(subject.consecutiveFailures).toBe(1);
    expect(subject.rejectsUntil(0)).toBeUndefined();

    subject.record('timeout', 10);
    expect(subject.consecutiveFailures).toBe(2);
    expect(subject.state(1009)).toBe('open');
    expect(subject.rejectsUntil(500)).toEqual(new Date(1010));
    expect(subject.state(1010)).toBe('half-open');
    expect(subject.rejectsUntil(1010)).toBeUndefined();
  });

  it('lets a single probe through while half-open; its failure re-opens, its success closes', () => {
    const subject = breaker();
    subject.record('network', 0);
    subject.record('malformed', 0);

    expect(subject.startCall(1000)).toBe(true);
    expect(subject.rejectsUntil(1000)).toEqual(new Date(1000));
    subject.record('server', 1200);
    subject.endProbe();
    expect(subject.consecutiveFailures).toBe(3);
    expect(subject.state(2199)).toBe('open');
    expect(subject.rejectsUntil(2199)).toEqual(new Date(2200));

    expect(subject.startCall(2200)).toBe(true);
    subject.record('success', 2300);
    subject.endProbe();
    expect(subject.state(2300)).toBe('closed');
    expect(subject.consecutiveFailures).toBe(0);
    expect(subject.startCall(2300)).toBe(false);
  });

  it.each(['not-entitled', 'rate-limited', 'no-data', 'bad-request', 'unauthorized'] as const)(
    'reads a %s answer as proof the upstream is up: the count resets and the breaker closes',
    (kind) => {
      const subject = breaker();
      subject.record('server', 0);
      subject.record('server', 0);

      subject.record(kind, 5);

      expect(subject.state(5)).toBe('closed');
      expect(subject.consecutiveFailures).toBe(0);
    },
  );
});

describe('RateLimitBackoff', () => {
  it('holds calls until the latest time asked for, never shortening a running hold', () => {
    const backoff = new RateLimitBackoff();
    expect(backoff.heldUntil(0)).toBeNull();

    backoff.holdUntil(new Date(5000));
    backoff.holdUntil(new Date(3000));

    expect(backoff.heldUntil(4999)).toEqual(new Date(5000));
    expect(backoff.heldUntil(5000)).toBeNull();
  });
});
