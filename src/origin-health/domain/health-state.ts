/**
 * The health of one origin as its probes move it (docs/LATENCY-AND-HEALTH.md#origin-health): down
 * after `downAfter` consecutive failures, up again after `upAfter` consecutive successes, and a
 * flapping origin (one that falls again soon after it came back) held down longer each time, the
 * hold doubling up to `maxHoldMs`. Pure.
 */

export const HEALTH_STATUSES = ['up', 'down'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface ProbeOutcome {
  ok: boolean;
  /** Time to the response headers, ms; null when nothing came back (timeout, refused). */
  rttMs: number | null;
  /** `http 200`, `http 503`, `timeout`, `refused`, `error: …`. */
  detail: string;
}

export interface HealthState {
  status: HealthStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** Up→down and down→up changes since the origin was first probed. */
  transitions: number;
  /** Falls in a row, each within `maxHoldMs` of the origin coming back (1 = a first fall). */
  falls: number;
  /** A down origin stays down until then even after enough successes; null = no hold. */
  heldUntilMs: number | null;
  lastRttMs: number | null;
  lastOutcome: string;
  lastProbeAtMs: number;
  /** Last change of status (first probe time before any change). */
  changedAtMs: number;
}

export interface HealthRules {
  downAfter: number;
  upAfter: number;
  intervalMs: number;
  maxHoldMs: number;
}

/** An origin never probed counts as up: health never takes an origin out on no evidence. */
export function initialHealth(nowMs: number): HealthState {
  return {
    status: 'up',
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    transitions: 0,
    falls: 0,
    heldUntilMs: null,
    lastRttMs: null,
    lastOutcome: 'not probed',
    lastProbeAtMs: nowMs,
    changedAtMs: nowMs,
  };
}

/** How long the `falls`-th fall in a row holds an origin down: none for the first, then 4, 8, 16… intervals, capped. */
export function holdMs(falls: number, rules: HealthRules): number {
  if (falls <= 1) return 0;
  return Math.min(rules.maxHoldMs, rules.intervalMs * 2 ** falls);
}

export function nextHealth(
  previous: HealthState,
  outcome: ProbeOutcome,
  nowMs: number,
  rules: HealthRules,
): HealthState {
  const state: HealthState = {
    ...previous,
    lastRttMs: outcome.rttMs,
    lastOutcome: outcome.detail,
    lastProbeAtMs: nowMs,
  };
  if (outcome.ok) {
    state.consecutiveSuccesses = previous.consecutiveSuccesses + 1;
    state.consecutiveFailures = 0;
    const held = previous.heldUntilMs !== null && nowMs < previous.heldUntilMs;
    if (previous.status === 'down' && state.consecutiveSuccesses >= rules.upAfter && !held) {
      state.status = 'up';
      state.transitions = previous.transitions + 1;
      state.changedAtMs = nowMs;
      state.heldUntilMs = null;
    }
    return state;
  }
  state.consecutiveFailures = previous.consecutiveFailures + 1;
  state.consecutiveSuccesses = 0;
  if (previous.status === 'up' && state.consecutiveFailures >= rules.downAfter) {
    // A fall soon after coming back is a flap: the hold grows; a long healthy spell forgives.
    const cameBackRecently = previous.transitions > 0 && nowMs - previous.changedAtMs < rules.maxHoldMs;
    state.falls = cameBackRecently ? previous.falls + 1 : 1;
    const hold = holdMs(state.falls, rules);
    state.status = 'down';
    state.transitions = previous.transitions + 1;
    state.changedAtMs = nowMs;
    state.heldUntilMs = hold > 0 ? nowMs + hold : null;
  }
  return state;
}
