import type { CallOutcome, ErrorKind } from './electricity-maps.errors.js';
import type { BreakerState } from './electricity-maps.types.js';

/**
 * How the client stays gentle with an unwell or throttling upstream: retries with jittered back-off,
 * a circuit breaker, and rate-limit holds. Plain state machines over an injected clock: no HTTP here.
 */

/** Network errors, timeouts, 5xx and malformed 200s say the upstream is unwell; everything else is an answer. */
const BREAKER_FAILURE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'network',
  'timeout',
  'server',
  'malformed',
]);

export interface RetryPolicyOptions {
  /** Retries after the first attempt (so up to maxRetries + 1 attempts). */
  maxRetries: number;
  baseDelayMs: number;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

export class RetryPolicy {
  constructor(private readonly options: RetryPolicyOptions) {}

  /**
   * Runs `attempt` (numbered from 1) until its result is not transient or the retries are used up, waiting
   * `delayMs` between attempts; returns the last result.
   */
  async run<R>(
    attempt: (attemptNumber: number) => Promise<R>,
    isTransient: (result: R) => boolean,
  ): Promise<R> {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      const result = await attempt(attemptNumber);
      if (!isTransient(result) || attemptNumber > this.options.maxRetries) return result;
      await sleep(this.delayMs(attemptNumber - 1));
    }
  }

  /** Full jitter (AWS "Exponential Backoff and Jitter"): spreads retries of many instances apart. */
  delayMs(retryIndex: number): number {
    return Math.floor(this.options.random() * this.options.baseDelayMs * 2 ** retryIndex);
  }
}

/**
 * Wait asked for by a Retry-After header, either delta-seconds or an HTTP date (RFC 9110 §10.2.3);
 * `fallbackMs` when there is none or it cannot be read.
 */
export function retryAfterMs(header: string | undefined, nowMs: number, fallbackMs: number): number {
  const value = header?.trim();
  if (value && /^\d+$/.test(value)) return Number(value) * 1000;
  if (value) {
    const atMs = Date.parse(value);
    if (Number.isFinite(atMs)) return Math.max(0, atMs - nowMs);
  }
  return fallbackMs;
}

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the breaker. */
  failureThreshold: number;
  /** Time the breaker stays open before it lets one probe call through. */
  cooldownMs: number;
}

/**
 * Closed until `failureThreshold` consecutive calls fail (see BREAKER_FAILURE_KINDS); then open, turning
 * calls away, for `cooldownMs`; then half-open, letting one probe through, whose outcome closes or
 * re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  /** Set while the breaker is open (or half-open once the cooldown has elapsed). */
  private openedAtMs: number | null = null;
  private isProbeInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  state(nowMs: number): BreakerState {
    if (this.openedAtMs === null) return 'closed';
    return nowMs - this.openedAtMs >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** When a call made at `nowMs` must be turned away, the time it may be tried again; otherwise undefined. */
  rejectsUntil(nowMs: number): Date | undefined {
    const state = this.state(nowMs);
    if (state === 'open' || (state === 'half-open' && this.isProbeInFlight)) {
      return new Date((this.openedAtMs ?? nowMs) + this.options.cooldownMs);
    }
    return undefined;
  }

  /**
   * Marks the start of an admitted call. Admitted while half-open, it is the single probe: others are
   * turned away until `endProbe`. Returns whether it is the probe.
   */
  startCall(nowMs: number): boolean {
    const isProbe = this.state(nowMs) === 'half-open';
    if (isProbe) this.isProbeInFlight = true;
    return isProbe;
  }

  endProbe(): void {
    this.isProbeInFlight = false;
  }

  record(outcome: CallOutcome, nowMs: number): void {
    if (outcome !== 'success' && BREAKER_FAILURE_KINDS.has(outcome)) {
      this.failures += 1;
      // A failed half-open probe re-opens at once (the count is already at or above the threshold).
      if (this.failures >= this.options.failureThreshold) this.openedAtMs = nowMs;
      return;
    }
    // Any other answer proves the upstream is up: reset the count and close the breaker.
    this.failures = 0;
    this.openedAtMs = null;
  }
}

/** Holds calls after rate limiting until the latest time the upstream (or our default) allows. */
export class RateLimitBackoff {
  private untilMs: number | null = null;

  /** Extends the hold to `retryAt`; never shortens it. */
  holdUntil(retryAt: Date): void {
    this.untilMs = Math.max(this.untilMs ?? 0, retryAt.getTime());
  }

  /** End of the hold running at `nowMs`, or null when calls may go. */
  heldUntil(nowMs: number): Date | null {
    return this.untilMs !== null && nowMs < this.untilMs ? new Date(this.untilMs) : null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
