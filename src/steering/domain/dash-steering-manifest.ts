/**
 * DASH-IF Content Steering (docs/CONTENT-STEERING.md): what a DASH player sends on each
 * reload (`_DASH_pathway`, `_DASH_throughput`) and the JSON manifest answered (`VERSION`, `TTL`,
 * `RELOAD-URI`, `SERVICE-LOCATION-PRIORITY`, also as `PATHWAY-PRIORITY`). A service location is the `serviceLocation` of an MPD
 * `<BaseURL>`; GreenStream names it by the origin's pathway.
 */
import { CONTROL_CHARACTER } from '../../platform/kernel/text-validation.js';
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { parseThroughputBps, STEERING_MANIFEST_VERSION } from './content-steering.js';
import type { PlayerReport } from './hls-steering-manifest.js';

/**
 * The priority list goes out under both names: `SERVICE-LOCATION-PRIORITY` (the DASH-IF community
 * review text, read by video.js) and `PATHWAY-PRIORITY` (the only one the DASH-IF reference player,
 * dash.js 5, reads). Same list, so every DASH player follows the same ranking.
 */
export interface DashSteeringManifest {
  VERSION: 1;
  TTL: number;
  'RELOAD-URI': string;
  /** serviceLocation values, most preferred first. */
  'SERVICE-LOCATION-PRIORITY': string[];
  /** The same list, for players that read the HLS name. */
  'PATHWAY-PRIORITY': string[];
}

/** Longest `_DASH_pathway` / `_DASH_throughput` accepted (a list of locations, each possibly a URL). */
export const DASH_REPORT_MAX_LENGTH = 4096;

/** A list parameter: optionally double-quoted (the DASH-IF reference player quotes it), comma-separated. */
function listOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  if (unquoted === '') return [];
  return unquoted.split(',').map((entry) => entry.trim());
}

/**
 * Reads `_DASH_pathway` (the service locations the player has used, e.g. `"alpha,beta"`) and
 * `_DASH_throughput` (bits per second for each, in the same order, an entry empty where the player has
 * no measure, e.g. `5000000,`). Both optional; malformed values are a 400 naming the field.
 */
export function parseDashPlayerReport(query: {
  _DASH_pathway?: string;
  _DASH_throughput?: string;
}): PlayerReport {
  for (const field of ['_DASH_pathway', '_DASH_throughput'] as const) {
    const value = query[field];
    if (value === undefined) continue;
    if (value.length > DASH_REPORT_MAX_LENGTH) {
      throw InvalidInputError.forField(field, `must be at most ${DASH_REPORT_MAX_LENGTH} characters`);
    }
    if (CONTROL_CHARACTER.test(value)) {
      throw InvalidInputError.forField(field, 'must not contain control characters');
    }
  }
  const pathways = listOf(query._DASH_pathway);
  if (pathways.some((pathway) => pathway === '' || pathway.includes('"'))) {
    throw InvalidInputError.forField(
      '_DASH_pathway',
      'must be a comma-separated list of service locations, optionally in double quotes',
    );
  }
  const throughputs = listOf(query._DASH_throughput).map((entry) =>
    entry === '' ? null : parseThroughputBps(entry, '_DASH_throughput'),
  );
  if (throughputs.length > Math.max(pathways.length, 1)) {
    throw InvalidInputError.forField('_DASH_throughput', 'has more entries than _DASH_pathway');
  }
  const throughputBps = pathways.map((_, index) => throughputs[index] ?? null);
  return { pathways, throughputBps: pathways.length > 0 ? throughputBps : throughputs };
}

export function dashSteeringManifest(
  ttlSeconds: number,
  reloadUri: string,
  priority: readonly string[],
): DashSteeringManifest {
  return {
    VERSION: STEERING_MANIFEST_VERSION,
    TTL: ttlSeconds,
    'RELOAD-URI': reloadUri,
    'SERVICE-LOCATION-PRIORITY': [...priority],
    'PATHWAY-PRIORITY': [...priority],
  };
}
