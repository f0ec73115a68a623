import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { Country } from './countries.js';

/** How a viewer's position was found, best first. */
export type LocatedBy = 'coordinates' | 'zone-regions' | 'country-centroid';

/** Where a request says its viewer is (every field optional; which are accepted is the route's choice). */
export interface ViewerQuery {
  viewerCountry?: string;
  viewerZone?: string;
  viewerLat?: number;
  viewerLon?: number;
}

export interface ViewerLookups {
  findCountry(code: string): Country | undefined;
  isKnownZone(zone: string): boolean;
  /** The mean position of a zone's regions, for callers that place zone-only viewers there. */
  zonePosition?(zone: string): { latitude: number; longitude: number } | undefined;
}

export interface ViewerPosition {
  latitude: number;
  longitude: number;
  locatedBy: LocatedBy;
}

export interface ViewerLocation {
  /** The country given, or the one the zone's key starts with. */
  country?: Country;
  /** The viewer's grid zone: the zone given, else the country's default zone, else its code (yearly averages). */
  zone?: string;
  /** Undefined only when positions are optional and nothing places the viewer. */
  position?: ViewerPosition;
}

/** A country's own grid zone, or its code when it has none (its yearly average then applies). */
export function countryGridZone(country: Country): string {
  return country.defaultZone ?? country.code;
}

/**
 * Where the viewer is, for every route that takes one: coordinates when given, else the mean
 * position of the zone's regions (when the caller provides them), else the country's centroid.
 * With `acceptsCoordinates` the route takes `viewerLat`/`viewerLon` and needs a position; without,
 * a zone-only viewer may stay unplaced. Every refusal is a 400 naming the field.
 */
export function locateViewer(
  query: ViewerQuery,
  lookups: ViewerLookups,
  options: { acceptsCoordinates: boolean },
): ViewerLocation {
  const hasLatitude = query.viewerLat !== undefined;
  if (options.acceptsCoordinates && hasLatitude !== (query.viewerLon !== undefined)) {
    throw InvalidInputError.forField(
      hasLatitude ? 'viewerLon' : 'viewerLat',
      'is required with the other coordinate',
    );
  }
  let country: Country | undefined;
  if (query.viewerCountry !== undefined) {
    country = lookups.findCountry(query.viewerCountry);
    if (!country) {
      throw InvalidInputError.forField('viewerCountry', `is not a known country ('${query.viewerCountry}')`);
    }
  }
  const zone = query.viewerZone;
  if (zone !== undefined) {
    if (!lookups.isKnownZone(zone))
      throw InvalidInputError.forField('viewerZone', `is not a known zone ('${zone}')`);
    country ??= lookups.findCountry(zone.split('-')[0] ?? '');
  }
  const location: ViewerLocation = {
    country,
    zone: zone ?? (country ? countryGridZone(country) : undefined),
  };
  if (options.acceptsCoordinates && query.viewerLat !== undefined && query.viewerLon !== undefined) {
    return {
      ...location,
      position: { latitude: query.viewerLat, longitude: query.viewerLon, locatedBy: 'coordinates' },
    };
  }
  const zonePosition = zone !== undefined ? lookups.zonePosition?.(zone) : undefined;
  if (zonePosition) return { ...location, position: { ...zonePosition, locatedBy: 'zone-regions' } };
  if (country) {
    return {
      ...location,
      position: { latitude: country.latitude, longitude: country.longitude, locatedBy: 'country-centroid' },
    };
  }
  if (zone !== undefined) {
    if (!options.acceptsCoordinates) return location;
    throw InvalidInputError.forField(
      'viewerZone',
      `has no known position ('${zone}'): give viewerLat and viewerLon`,
    );
  }
  throw InvalidInputError.forField(
    'viewerCountry',
    options.acceptsCoordinates
      ? 'or viewerZone, or viewerLat and viewerLon, is required'
      : 'or viewerZone is required',
  );
}
