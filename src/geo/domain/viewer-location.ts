import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { Country } from './countries.js';
import {
  COUNTRY_POPULATION_CENTRES,
  SUBDIVISION_POPULATION_CENTRES,
  type PopulationCentre,
} from './population-centres.js';

/**
 * How a viewer's position was found, best first. `country-centroid` is left only for a country
 * without population data (docs/RECOMMENDATION.md#viewer).
 */
export const LOCATED_BY = [
  'coordinates',
  'subdivision-population-centre',
  'zone-regions',
  'country-population-centre',
  'country-centroid',
] as const;
export type LocatedBy = (typeof LOCATED_BY)[number];

/** An ISO 3166-2 code: the country's alpha-2, a hyphen, one to three letters or digits. */
export const SUBDIVISION_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/** Every ISO 3166-2 subdivision a viewer may be placed in (those with population data), sorted. */
export const SUBDIVISION_CODES: readonly string[] = Object.keys(SUBDIVISION_POPULATION_CENTRES).sort();

/** The ISO 3166-2 subdivisions of one country a viewer may be placed in. */
export function knownSubdivisions(countryCode: string): string[] {
  return Object.keys(SUBDIVISION_POPULATION_CENTRES).filter((code) => code.startsWith(`${countryCode}-`));
}

/** Where a request says its viewer is (every field optional; which are accepted is the route's choice). */
export interface ViewerQuery {
  viewerCountry?: string;
  viewerZone?: string;
  /** ISO 3166-2, e.g. US-CA: the viewer is placed at its population-weighted centre. */
  viewerSubdivision?: string;
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
  const subdivision = query.viewerSubdivision !== undefined ? subdivisionCentre(query, country) : undefined;
  if (subdivision) country ??= lookups.findCountry(subdivision.countryCode);
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
  if (subdivision) {
    const [latitude, longitude] = subdivision.centre;
    return { ...location, position: { latitude, longitude, locatedBy: 'subdivision-population-centre' } };
  }
  const zonePosition = zone !== undefined ? lookups.zonePosition?.(zone) : undefined;
  if (zonePosition) return { ...location, position: { ...zonePosition, locatedBy: 'zone-regions' } };
  if (country) return { ...location, position: countryPosition(country) };
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

/** Where a country's viewers are when nothing more is known: its population-weighted centre. */
export function countryPosition(country: Country): ViewerPosition {
  const centre = COUNTRY_POPULATION_CENTRES[country.code];
  return centre
    ? { latitude: centre[0], longitude: centre[1], locatedBy: 'country-population-centre' }
    : { latitude: country.latitude, longitude: country.longitude, locatedBy: 'country-centroid' };
}

/** The subdivision's centre; a 400 naming viewerSubdivision when unknown or of another country. */
function subdivisionCentre(
  query: ViewerQuery,
  country: Country | undefined,
): { countryCode: string; centre: PopulationCentre } {
  const code = query.viewerSubdivision ?? '';
  const countryCode = code.slice(0, 2);
  if (!SUBDIVISION_PATTERN.test(code)) {
    throw InvalidInputError.forField('viewerSubdivision', 'must be an ISO 3166-2 code such as US-CA');
  }
  if (country && country.code !== countryCode) {
    throw InvalidInputError.forField(
      'viewerSubdivision',
      `is a subdivision of ${countryCode}, not of viewerCountry ${country.code} ('${code}')`,
    );
  }
  const centre = SUBDIVISION_POPULATION_CENTRES[code];
  if (!centre) {
    const known = knownSubdivisions(countryCode);
    throw InvalidInputError.forField(
      'viewerSubdivision',
      known.length > 0
        ? `is not a known subdivision of ${countryCode} ('${code}')`
        : `('${code}'): no subdivision data for ${countryCode} (subdivisions are known for US, CA, AU and BR); give viewerLat and viewerLon`,
    );
  }
  return { countryCode, centre };
}
