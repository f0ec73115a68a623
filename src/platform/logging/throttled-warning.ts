/** What ThrottledWarning writes to (a Nest Logger in the app). */
export interface WarningSink {
  warn(fields: object, message: string): void;
}

/** How often a background job's repeated failure is logged, at most. */
export const FAILURE_LOG_EVERY_MS = 10_000;

/**
 * A warning logged at most once per interval: a background job that fails on every cycle (the
 * database away for a minute) writes one line every ten seconds, not one per cycle.
 */
export class ThrottledWarning {
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sink: WarningSink,
    private readonly everyMs = FAILURE_LOG_EVERY_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Logs unless a warning went out within the interval; true when it was logged. */
  warn(fields: object, message: string): boolean {
    const nowMs = this.now();
    if (nowMs - this.lastMs <= this.everyMs) return false;
    this.lastMs = nowMs;
    this.sink.warn(fields, message);
    return true;
  }
}
