import type { IntensitySource } from './intensity.types.js';

/** `live` and `forecast` are first-hand; anything else means the answer is degraded. */
export function isDegradedSource(source: IntensitySource): boolean {
  return source !== 'live' && source !== 'forecast';
}

/**
 * The `degraded` flag of every answer: true in reference mode (no Electricity Maps token) and
 * whenever any value used came from a source other than `live` or `forecast`.
 */
export function isDegradedAnswer(isConfigured: boolean, sources: Iterable<IntensitySource>): boolean {
  if (!isConfigured) return true;
  for (const source of sources) if (isDegradedSource(source)) return true;
  return false;
}
