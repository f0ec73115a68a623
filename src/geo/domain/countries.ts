/** Countries and their neighbours, held in memory: plain data, no Nest or TypeORM. */

export interface CountryRecord {
  code: string;
  alpha3: string;
  name: string;
  latitude: number;
  longitude: number;
  defaultZone: string | null;
}

export interface BorderRecord {
  countryCode: string;
  neighbourCode: string;
  kind: 'land' | 'sea';
}

export interface Country extends CountryRecord {
  landNeighbours: string[];
  seaNeighbours: string[];
  /** Land and sea neighbours, sorted. */
  neighbours: string[];
}

export interface CountryIndex {
  byCode: ReadonlyMap<string, Country>;
  byAlpha3: ReadonlyMap<string, Country>;
}

export function buildCountryIndex(countries: CountryRecord[], borders: BorderRecord[]): CountryIndex {
  const land = new Map<string, Set<string>>();
  const sea = new Map<string, Set<string>>();
  for (const border of borders) {
    const target = border.kind === 'land' ? land : sea;
    const set = target.get(border.countryCode) ?? new Set<string>();
    set.add(border.neighbourCode);
    target.set(border.countryCode, set);
  }
  const byCode = new Map<string, Country>();
  const byAlpha3 = new Map<string, Country>();
  for (const record of countries) {
    const landNeighbours = [...(land.get(record.code) ?? [])].sort();
    const seaNeighbours = [...(sea.get(record.code) ?? [])].sort();
    const country: Country = {
      ...record,
      landNeighbours,
      seaNeighbours,
      neighbours: [...new Set([...landNeighbours, ...seaNeighbours])].sort(),
    };
    byCode.set(country.code, country);
    byAlpha3.set(country.alpha3, country);
  }
  return { byCode, byAlpha3 };
}

/** Finds a country by ISO alpha-2 or alpha-3 code, in any letter case. */
export function findCountry(index: CountryIndex, code: string): Country | undefined {
  const upper = code.trim().toUpperCase();
  if (upper.length === 2) return index.byCode.get(upper);
  if (upper.length === 3) return index.byAlpha3.get(upper);
  return undefined;
}
