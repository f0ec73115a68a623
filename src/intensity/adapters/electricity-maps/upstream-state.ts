import type { ElectricityMapsError } from './electricity-maps.errors.js';
import type { ElectricityMapsStatus, ZoneAccessMap } from './electricity-maps.types.js';
import { canRead, entitlementKey, type DataEndpoint } from './endpoints.js';
import { CircuitBreaker, RateLimitBackoff, type CircuitBreakerOptions } from './resilience.js';

/** Why a call is turned away without HTTP, and when it may be tried again. */
export interface Hold {
  kind: 'not-entitled' | 'backing-off' | 'circuit-open';
  detail: string;
  retryAt?: Date;
}

/**
 * What the client has learnt from its calls: whether the token has worked, the last success and error,
 * the breaker, a running rate-limit back-off, and the zone × signal pairs the plan does not cover.
 * Decides which calls are held without HTTP; `status` reports it.
 */
export class UpstreamState {
  private readonly breaker: CircuitBreaker;
  private readonly backoff = new RateLimitBackoff();
  private readonly notEntitled = new Set<string>();
  private lastSuccessAtMs: number | null = null;
  private lastError: ElectricityMapsStatus['lastError'] = null;
  private hasWorked = false;

  constructor(
    breakerOptions: CircuitBreakerOptions,
    private readonly now: () => number,
  ) {
    this.breaker = new CircuitBreaker(breakerOptions);
  }

  /** True once a data call has succeeded with the token. */
  get hasSucceeded(): boolean {
    return this.hasWorked;
  }

  /** The hold on a call to `endpoint` for `zone`, most specific first; undefined when it may go. */
  holdOf(endpoint: DataEndpoint, zone: string | undefined): Hold | undefined {
    if (zone !== undefined && this.notEntitled.has(entitlementKey(zone, endpoint))) {
      return { kind: 'not-entitled', detail: 'the plan does not cover this zone and signal' };
    }
    const nowMs = this.now();
    const heldUntil = this.backoff.heldUntil(nowMs);
    if (heldUntil !== null) {
      return { kind: 'backing-off', detail: 'backing off after rate limiting', retryAt: heldUntil };
    }
    const retryAt = this.breaker.rejectsUntil(nowMs);
    if (retryAt !== undefined) {
      return { kind: 'circuit-open', detail: 'circuit breaker open after repeated failures', retryAt };
    }
    return undefined;
  }

  /** See CircuitBreaker.startCall: returns whether this call is the half-open probe. */
  startCall(): boolean {
    return this.breaker.startCall(this.now());
  }

  endProbe(): void {
    this.breaker.endProbe();
  }

  recordSuccess(): void {
    const nowMs = this.now();
    this.hasWorked = true;
    this.lastSuccessAtMs = nowMs;
    this.breaker.record('success', nowMs);
  }

  recordFailure(endpoint: DataEndpoint, zone: string | undefined, failure: ElectricityMapsError): void {
    const nowMs = this.now();
    this.lastError = {
      at: new Date(nowMs),
      kind: failure.kind,
      message: failure.message,
      endpoint: failure.endpoint,
    };
    this.breaker.record(failure.kind, nowMs);
    if (failure.kind === 'not-entitled' && zone !== undefined)
      this.notEntitled.add(entitlementKey(zone, endpoint));
    if (failure.kind === 'rate-limited' && failure.retryAt) this.backoff.holdUntil(failure.retryAt);
  }

  /** A plan can be upgraded: forget refusals the token's current access list now covers. */
  forgetCovered(zones: ZoneAccessMap): void {
    for (const entry of this.notEntitled) {
      const [zone, signalPath] = entry.split(' ');
      if (zone && signalPath && canRead(zones, zone, signalPath)) this.notEntitled.delete(entry);
    }
  }

  status(isConfigured: boolean): ElectricityMapsStatus {
    const nowMs = this.now();
    return {
      isConfigured,
      breaker: this.breaker.state(nowMs),
      consecutiveFailures: this.breaker.consecutiveFailures,
      lastSuccessAt: this.lastSuccessAtMs === null ? null : new Date(this.lastSuccessAtMs),
      lastError: this.lastError === null ? null : { ...this.lastError, at: new Date(this.lastError.at) },
      backoffUntil: this.backoff.heldUntil(nowMs),
      notEntitled: [...this.notEntitled].sort(),
      hasSucceeded: this.hasWorked,
    };
  }
}
