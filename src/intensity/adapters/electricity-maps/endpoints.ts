import type { EndpointName } from './electricity-maps.errors.js';
import type { ZoneAccessMap } from './electricity-maps.types.js';

/** How requests to Electricity Maps are addressed: URLs, paths, query switches, zone keys, range chunks. */

/** Paths of the data endpoints under the versioned base URL; also the "signal/temporality" of access lists. */
export const SIGNAL_PATHS = {
  latest: 'carbon-intensity/latest',
  history: 'carbon-intensity/history',
  forecast: 'carbon-intensity/forecast',
  'past-range': 'carbon-intensity/past-range',
  zones: 'zones',
} as const satisfies Partial<Record<EndpointName, string>>;

export type DataEndpoint = keyof typeof SIGNAL_PATHS;

/**
 * Every active zone key matches this (docs/ELECTRICITY-MAPS.md#zone-keys): checking it keeps junk
 * out of the query string.
 */
const ZONE_KEY_PATTERN = /^[A-Z]{2}(-[A-Z0-9]+){0,3}$/;

export interface ApiAddress {
  /** The base URL without trailing slashes, version included. */
  apiBaseUrl: string;
  healthUrl: string;
  /** Query switch that stops Electricity Maps from geolocating our server when a request lacks a zone. */
  callerLookupParams: Record<string, string>;
}

/** Where requests go, from a base URL that includes the version (…/v3 or …/v4). */
export function apiAddress(baseUrl: string): ApiAddress {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  return {
    apiBaseUrl: `${base.origin}${basePath}`,
    // /health lives at the root of the host, outside the versioned API (docs/ELECTRICITY-MAPS.md#health).
    healthUrl: `${base.origin}/health`,
    callerLookupParams: basePath.endsWith('/v4')
      ? { disableCallerLookup: 'true' }
      : { shouldUseFallbackCallerLookup: 'false' },
  };
}

/** Zone keys are upper-case; EM's own tools have tripped over lower-case ones (docs/ELECTRICITY-MAPS.md#zone-keys). */
export function normalizeZone(zone: string): string {
  const key = zone.trim().toUpperCase();
  if (!ZONE_KEY_PATTERN.test(key)) throw new RangeError(`invalid zone key ${JSON.stringify(zone)}`);
  return key;
}

/** Consecutive [start, end) chunks of at most `maxLengthMs`, covering [start, end) exactly. */
export function splitTimeRange(start: Date, end: Date, maxLengthMs: number): { start: Date; end: Date }[] {
  const chunks: { start: Date; end: Date }[] = [];
  for (let fromMs = start.getTime(); fromMs < end.getTime(); fromMs += maxLengthMs) {
    chunks.push({ start: new Date(fromMs), end: new Date(Math.min(fromMs + maxLengthMs, end.getTime())) });
  }
  return chunks;
}

/** True when the access map lets the token read `signalPath` (e.g. "carbon-intensity/forecast") in `zone`. */
export function canRead(zones: ZoneAccessMap, zone: string, signalPath: string): boolean {
  const access = zones.get(zone.trim().toUpperCase())?.access ?? [];
  return access.includes('*') || access.includes(signalPath);
}

/** "ZONE signal/temporality", e.g. "FR carbon-intensity/forecast": how a refusal of the plan is remembered. */
export function entitlementKey(zone: string, endpoint: DataEndpoint): string {
  return `${zone} ${SIGNAL_PATHS[endpoint]}`;
}
