import type { Country } from '../../src/geo/domain/countries.js';

/** A country without neighbours, at its centroid, in its grid zone (null: it has none of its own). */
export function country(
  code: string,
  latitude: number,
  longitude: number,
  defaultZone: string | null,
  overrides: Partial<Country> = {},
): Country {
  return {
    code,
    alpha3: `${code}X`,
    name: code,
    latitude,
    longitude,
    defaultZone,
    landNeighbours: [],
    seaNeighbours: [],
    neighbours: [],
    ...overrides,
  };
}
