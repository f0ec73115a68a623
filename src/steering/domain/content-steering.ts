/**
 * What HLS Content Steering and its DASH-IF counterpart share (docs/CONTENT-STEERING.md):
 * the steering manifest's fixed fields, the session id a RELOAD-URI carries, the throughput a player
 * reports, and the ranked pathway list. Pure: the caller gives the ranking, the TTL and the session id (rules in session-id.ts).
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';

/** The only steering manifest version that the HLS and DASH-IF specifications define. */
export const STEERING_MANIFEST_VERSION = 1;

/** Throughput a player reports, in bits per second: a decimal integer, at most one terabit per second. */
export const MAX_THROUGHPUT_BPS = 1_000_000_000_000;
const DECIMAL_INTEGER = /^[0-9]{1,13}$/;

/** Parses one reported throughput (bits per second); `field` names the query parameter. */
export function parseThroughputBps(value: string, field: string): number {
  if (!DECIMAL_INTEGER.test(value)) {
    throw InvalidInputError.forField(field, 'must be a whole number of bits per second (0 or more)');
  }
  const bps = Number(value);
  if (bps > MAX_THROUGHPUT_BPS) {
    throw InvalidInputError.forField(field, `must be at most ${MAX_THROUGHPUT_BPS} bits per second`);
  }
  return bps;
}

/** A ranked candidate: the pathway (HLS PATHWAY-ID, DASH serviceLocation) of an origin. */
export interface RankedPathway {
  pathway: string;
}

/**
 * The priority list of a steering manifest: the pathways of the ranked origins, best first, each once
 * (several origins may share a pathway; the best-ranked one places it).
 */
export function pathwayPriority(ranked: readonly RankedPathway[]): string[] {
  const seen = new Set<string>();
  const priority: string[] = [];
  for (const { pathway } of ranked) {
    if (pathway === '' || seen.has(pathway)) continue;
    seen.add(pathway);
    priority.push(pathway);
  }
  return priority;
}

/**
 * The RELOAD-URI of a steering manifest: relative to the manifest's own URL (both specifications
 * resolve it so), so it works behind any host or path prefix. It keeps the query parameters the
 * stream's SERVER-URI carried (e.g. `viewerCountry`) except the ones the player adds itself
 * (`_HLS_*`, `_DASH_*`) and the session id, which it sets, so the session's next reload is sticky.
 */
export function reloadUri(
  videoId: string,
  sessionId: string,
  query: Iterable<readonly [string, string]>,
): string {
  const kept: string[] = [];
  for (const [key, value] of query) {
    if (key === 'sessionId' || key.startsWith('_HLS_') || key.startsWith('_DASH_')) continue;
    kept.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  kept.push(`sessionId=${sessionId}`);
  // "./" keeps a video id holding ":" from reading as a URI scheme.
  return `./${encodeURIComponent(videoId)}?${kept.join('&')}`;
}
