/**
 * HLS Content Steering (the HLS specification's steering manifest, docs/STEERING.md, "Content
 * steering"): what a player sends on each reload (`_HLS_pathway`, `_HLS_throughput`) and the JSON
 * manifest answered (`VERSION`, `TTL`, `RELOAD-URI`, `PATHWAY-PRIORITY`).
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { parseThroughputBps, STEERING_MANIFEST_VERSION } from './content-steering.js';
import { PATHWAY_PATTERN } from './session-id.js';

export interface HlsSteeringManifest {
  VERSION: 1;
  /** Seconds the player waits before reloading the manifest. */
  TTL: number;
  /** Where the player reloads the manifest from, relative to this manifest's URL. */
  'RELOAD-URI': string;
  /** Pathway IDs, most preferred first. */
  'PATHWAY-PRIORITY': string[];
}

/** What the player reported on this reload. */
export interface PlayerReport {
  /** The pathways the player said it uses, as sent (the first is its current one). */
  pathways: string[];
  /** Bits per second per reported pathway where given (same order; null where not measured). */
  throughputBps: (number | null)[];
}

/**
 * Reads `_HLS_pathway` (the Pathway ID in use; hls.js sends "." before its first manifest) and
 * `_HLS_throughput` (bits per second), both optional. A malformed value is a 400 naming the field.
 */
export function parseHlsPlayerReport(query: {
  _HLS_pathway?: string;
  _HLS_throughput?: string;
}): PlayerReport {
  const pathway = query._HLS_pathway;
  if (pathway !== undefined && pathway !== '' && !PATHWAY_PATTERN.test(pathway)) {
    throw InvalidInputError.forField(
      '_HLS_pathway',
      'must be a Pathway ID: 1 to 64 characters from A-Z, a-z, 0-9, ".", "-" and "_"',
    );
  }
  const throughput =
    query._HLS_throughput === undefined || query._HLS_throughput === ''
      ? null
      : parseThroughputBps(query._HLS_throughput, '_HLS_throughput');
  const pathways = pathway === undefined || pathway === '' ? [] : [pathway];
  return { pathways, throughputBps: pathways.length > 0 || throughput !== null ? [throughput] : [] };
}

/** The manifest a player receives: fields in the specification's order. */
export function hlsSteeringManifest(
  ttlSeconds: number,
  reloadUri: string,
  priority: readonly string[],
): HlsSteeringManifest {
  return {
    VERSION: STEERING_MANIFEST_VERSION,
    TTL: ttlSeconds,
    'RELOAD-URI': reloadUri,
    'PATHWAY-PRIORITY': [...priority],
  };
}
