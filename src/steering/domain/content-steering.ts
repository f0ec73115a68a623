/**
 * What HLS Content Steering and its DASH-IF counterpart share (docs/STEERING.md, "Content steering"):
 * the steering manifest's fixed fields, the session id a RELOAD-URI carries, the throughput a player
 * reports, and the ranked pathway list. Pure: the caller gives the ranking, the TTL and the session id.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';

/** The only steering manifest version that the HLS and DASH-IF specifications define. */
export const STEERING_MANIFEST_VERSION = 1;

/**
 * A session id: 1 to 64 characters, each unreserved in a URI (RFC 3986: letters, digits, `-`, `.`,
 * `_`, `~`), so that it travels in a RELOAD-URI as it is, without escaping.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;
export const SESSION_ID_MAX_LENGTH = 64;

/** Checks a caller's session id; undefined (absent) passes, the caller then issues one. */
export function parseSessionId(value: string | undefined, field = 'sessionId'): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > SESSION_ID_MAX_LENGTH) {
    throw InvalidInputError.forField(field, `must be at most ${SESSION_ID_MAX_LENGTH} characters`);
  }
  if (!SESSION_ID_PATTERN.test(value)) {
    throw InvalidInputError.forField(
      field,
      'must be 1 to 64 characters from A-Z, a-z, 0-9, "-", ".", "_" and "~"',
    );
  }
  return value;
}

/** 16 random bytes written as 22 base64url characters: the session id GreenStream issues. */
export function sessionIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error('a session id is made of 16 random bytes');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      id += alphabet[(value >> bits) & 63];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) id += alphabet[(value << (6 - bits)) & 63];
  return id;
}

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
