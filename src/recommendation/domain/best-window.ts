/**
 * Best start time for work that can wait (GET /recommend/window). Intensities are hourly steps, so
 * the window average, as a function of the start time, is piecewise linear with breaks where the
 * window's start or end crosses an hour boundary: its minimum over an interval is at one of those
 * breaks or at an end of the interval. Evaluating only those starts is exact, not a sampling. Pure.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../../platform/kernel/time.js';

/** Longest `within` accepted: the furthest forecast Electricity Maps serves is 72 h ahead. */
export const MAX_WITHIN_HOURS = 72;

/** `24h`, `90m`, `1.5h` → milliseconds; at most MAX_WITHIN_HOURS, more than 0. */
export function parseWithin(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|h)$/.exec(raw.trim());
  if (!match) throw InvalidInputError.forField('within', 'must be a duration such as 24h or 90m');
  const ms = Number(match[1]) * (match[2] === 'h' ? MS_PER_HOUR : MS_PER_MINUTE);
  if (!(ms > 0) || ms > MAX_WITHIN_HOURS * MS_PER_HOUR) {
    throw InvalidInputError.forField('within', `must be more than 0 and at most ${MAX_WITHIN_HOURS}h`);
  }
  return ms;
}

/**
 * The starts worth evaluating in [nowMs, latestStartMs], ascending: now, the latest start, every
 * hour boundary, and every instant at which the window would end on an hour boundary.
 */
export function candidateStarts(nowMs: number, durationMs: number, latestStartMs: number): number[] {
  if (!(durationMs > 0)) throw InvalidInputError.forField('durationMinutes', 'must be greater than 0');
  const latest = Math.max(nowMs, latestStartMs);
  const starts = new Set<number>([nowMs, latest]);
  for (let hour = Math.ceil(nowMs / MS_PER_HOUR) * MS_PER_HOUR; hour <= latest; hour += MS_PER_HOUR) {
    starts.add(hour);
  }
  // Starts whose end falls on an hour boundary: end − duration for each boundary in reach.
  const firstEnd = Math.ceil((nowMs + durationMs) / MS_PER_HOUR) * MS_PER_HOUR;
  for (let end = firstEnd; end - durationMs <= latest; end += MS_PER_HOUR) starts.add(end - durationMs);
  return [...starts].filter((start) => start >= nowMs && start <= latest).sort((a, b) => a - b);
}

/**
 * The latest start worth considering: `within` from now, and (when a forecast exists) no later than
 * the start that makes the window end with the forecast, so that every window compared is valued
 * on forecast hours rather than guesses. Never before now.
 */
export function latestStart(
  nowMs: number,
  durationMs: number,
  withinMs: number,
  forecastEndMs: number | undefined,
): number {
  const byWithin = nowMs + withinMs;
  const byForecast = forecastEndMs === undefined ? byWithin : forecastEndMs - durationMs;
  return Math.max(nowMs, Math.min(byWithin, byForecast));
}

/** The start with the lowest value (ties: the earliest), from `starts` in ascending order. */
export function lowestStart<T extends { gCo2ePerKwh: number }>(
  starts: readonly number[],
  valueAt: (startMs: number) => T,
): { startMs: number; value: T } {
  let best: { startMs: number; value: T } | undefined;
  for (const startMs of starts) {
    const value = valueAt(startMs);
    if (!best || value.gCo2ePerKwh < best.value.gCo2ePerKwh - 1e-12 * Math.abs(best.value.gCo2ePerKwh)) {
      best = { startMs, value };
    }
  }
  if (!best) throw new Error('no start to evaluate');
  return best;
}
