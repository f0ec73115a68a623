/**
 * Where a steered viewer is, from what a request carries, in this order (docs/STEERING.md#locating-the-viewer):
 * the query (viewerCountry, or viewerLat/viewerLon), an edge header, the client IP in the IP
 * database, the configured default. Pure: lookups are given by the caller.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';

export const LOCATION_METHODS = ['query', 'edge-header', 'ip-database', 'default', 'unlocated'] as const;
export type LocationMethod = (typeof LOCATION_METHODS)[number];

/** Edge headers naming the viewer's country, first found wins (lower case, as Node gives them). */
export const EDGE_COUNTRY_HEADERS = [
  'cloudfront-viewer-country',
  'cf-ipcountry',
  'x-viewer-country',
] as const;

/** What a request says about its viewer. */
export interface ViewerHints {
  viewerCountry?: string;
  viewerLat?: number;
  viewerLon?: number;
  /** The request's headers; the edge headers above are read from them. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** The client address as the HTTP layer resolved it under TRUST_PROXY (Fastify's request.ip). */
  clientIp?: string;
}

export interface LocatedViewer {
  method: LocationMethod;
  /** Upper-case alpha-2, known to the geo catalogue. */
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  /** The edge header that gave the country, when one did. */
  header?: string;
}

export interface ViewerHintLookups {
  isKnownCountry(code: string): boolean;
  ipCountry(address: string): string | undefined;
  defaultCountry: string | undefined;
}

/** Throws InvalidInputError naming the field for bad query values; headers and IPs never fail. */
export function locateFromHints(hints: ViewerHints, lookups: ViewerHintLookups): LocatedViewer {
  const hasLatitude = hints.viewerLat !== undefined;
  if (hasLatitude !== (hints.viewerLon !== undefined)) {
    throw InvalidInputError.forField(
      hasLatitude ? 'viewerLon' : 'viewerLat',
      'is required with the other coordinate',
    );
  }
  if (hints.viewerCountry !== undefined && !lookups.isKnownCountry(hints.viewerCountry)) {
    throw InvalidInputError.forField('viewerCountry', `is not a known country ('${hints.viewerCountry}')`);
  }
  if (hints.viewerCountry !== undefined || hasLatitude) {
    return {
      method: 'query',
      countryCode: hints.viewerCountry,
      latitude: hints.viewerLat,
      longitude: hints.viewerLon,
    };
  }
  for (const header of EDGE_COUNTRY_HEADERS) {
    const raw = hints.headers?.[header];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toUpperCase();
    // Edges send pseudo-codes (XX unknown, T1 Tor): those fall through to the next method.
    if (value !== undefined && /^[A-Z]{2}$/.test(value) && lookups.isKnownCountry(value)) {
      return { method: 'edge-header', countryCode: value, header };
    }
  }
  if (hints.clientIp !== undefined) {
    const country = lookups.ipCountry(hints.clientIp);
    if (country !== undefined && lookups.isKnownCountry(country))
      return { method: 'ip-database', countryCode: country };
  }
  if (lookups.defaultCountry !== undefined) return { method: 'default', countryCode: lookups.defaultCountry };
  return { method: 'unlocated' };
}
