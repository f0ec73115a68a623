/**
 * Requests per client per window (a minute), counted from the client's first request in that
 * window: the first `limit` requests pass, the next ones are refused until the window ends. Plain
 * TypeScript, one Map lookup per request; windows that have ended are swept at most once per
 * window, so memory stays bounded by the clients seen in the last two windows.
 *
 * Each instance counts on its own: behind a load balancer with N replicas a client gets up to
 * N × limit (docs/OPERATIONS.md says so).
 */
export type RateDecision =
  { isAllowed: true; remaining: number } | { isAllowed: false; retryAfterSeconds: number };

interface ClientWindow {
  count: number;
  resetAtMs: number;
}

const ESTIMATED_BYTES_PER_CLIENT = 200;

export class RateLimiter {
  private readonly windows = new Map<string, ClientWindow>();
  private nextSweepMs: number;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be an integer >= 1');
    this.nextSweepMs = now() + windowMs;
  }

  take(client: string): RateDecision {
    const nowMs = this.now();
    if (nowMs >= this.nextSweepMs) this.sweep(nowMs);
    const window = this.windows.get(client);
    if (window === undefined || nowMs >= window.resetAtMs) {
      this.windows.set(client, { count: 1, resetAtMs: nowMs + this.windowMs });
      return { isAllowed: true, remaining: this.limit - 1 };
    }
    if (window.count < this.limit) {
      window.count += 1;
      return { isAllowed: true, remaining: this.limit - window.count };
    }
    return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAtMs - nowMs) / 1000)) };
  }

  /** Clients with a window still running (for tests and metrics). */
  get trackedClients(): number {
    return this.windows.size;
  }

  /** As a cache in the metrics (greenstream_cache_entries{cache="rate_limit_clients"}). */
  get size(): number {
    return this.windows.size;
  }

  /** Estimated bytes: a client key (`ip:…` or `key:…`, at most ~50 characters) and its window. */
  get bytes(): number {
    return this.windows.size * ESTIMATED_BYTES_PER_CLIENT;
  }

  private sweep(nowMs: number): void {
    for (const [client, window] of this.windows) if (nowMs >= window.resetAtMs) this.windows.delete(client);
    this.nextSweepMs = nowMs + this.windowMs;
  }
}
