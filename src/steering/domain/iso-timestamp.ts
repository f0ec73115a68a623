/**
 * `new Date(ms).toISOString()`, remembering the last millisecond formatted: a busy instance
 * decides several times per millisecond, and formatting a date costs more than the rest of a
 * decision's bookkeeping (docs/BENCHMARKS.md#decision-log-cost). Pure; one entry, no growth.
 */
let lastMs = Number.NaN;
let lastIso = '';

export function isoTimestamp(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
