import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  function limiterAt(limit: number, startMs = 1_000_000) {
    let nowMs = startMs;
    const limiter = new RateLimiter(limit, 60_000, () => nowMs);
    return { limiter, advance: (ms: number) => (nowMs += ms) };
  }

  it('lets the first `limit` requests of a minute through and refuses the next with the seconds left', () => {
    const { limiter, advance } = limiterAt(5);
    const remaining = [];
    for (let index = 0; index < 5; index += 1) {
      const decision = limiter.take('ip:10.0.0.1');
      expect(decision.isAllowed).toBe(true);
      if (decision.isAllowed) remaining.push(decision.remaining);
      advance(1000);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    // 5 s into the window: 55 s left.
    expect(limiter.take('ip:10.0.0.1')).toEqual({ isAllowed: false, retryAfterSeconds: 55 });
    advance(54_500);
    expect(limiter.take('ip:10.0.0.1')).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    advance(500);
    expect(limiter.take('ip:10.0.0.1')).toEqual({ isAllowed: true, remaining: 4 });
  });

  it('counts each client on its own', () => {
    const { limiter } = limiterAt(1);
    expect(limiter.take('key:a').isAllowed).toBe(true);
    expect(limiter.take('key:a').isAllowed).toBe(false);
    expect(limiter.take('key:b').isAllowed).toBe(true);
    expect(limiter.take('ip:127.0.0.1').isAllowed).toBe(true);
  });

  it('forgets clients whose window has ended', () => {
    const { limiter, advance } = limiterAt(3);
    for (let index = 0; index < 100; index += 1) limiter.take(`ip:10.0.0.${index}`);
    expect(limiter.trackedClients).toBe(100);
    advance(60_000);
    limiter.take('ip:10.1.0.1');
    expect(limiter.trackedClients).toBe(1);
  });

  it('refuses a limit below 1', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
    expect(() => new RateLimiter(1.5)).toThrow(RangeError);
  });
});
