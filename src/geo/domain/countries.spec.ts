import { buildCountryIndex, findCountry } from './countries.js';

const index = buildCountryIndex(
  [
    { code: 'FR', alpha3: 'FRA', name: 'France', latitude: 46, longitude: 2, defaultZone: 'FR' },
    { code: 'GB', alpha3: 'GBR', name: 'United Kingdom', latitude: 54, longitude: -2, defaultZone: 'GB' },
    { code: 'ES', alpha3: 'ESP', name: 'Spain', latitude: 40, longitude: -4, defaultZone: 'ES' },
    { code: 'AQ', alpha3: 'ATA', name: 'Antarctica', latitude: -90, longitude: 0, defaultZone: null },
  ],
  [
    { countryCode: 'FR', neighbourCode: 'ES', kind: 'land' },
    { countryCode: 'ES', neighbourCode: 'FR', kind: 'land' },
    { countryCode: 'FR', neighbourCode: 'GB', kind: 'sea' },
    { countryCode: 'GB', neighbourCode: 'FR', kind: 'sea' },
  ],
);

describe('country index', () => {
  it('separates land and sea neighbours and merges them, sorted', () => {
    expect(findCountry(index, 'FR')).toMatchObject({
      landNeighbours: ['ES'],
      seaNeighbours: ['GB'],
      neighbours: ['ES', 'GB'],
    });
    expect(findCountry(index, 'AQ')?.neighbours).toEqual([]);
  });

  it('finds a country by alpha-2 or alpha-3 in any case', () => {
    expect(findCountry(index, 'gbr')?.code).toBe('GB');
    expect(findCountry(index, 'es')?.alpha3).toBe('ESP');
    expect(findCountry(index, 'XX')).toBeUndefined();
    expect(findCountry(index, 'FRAN')).toBeUndefined();
  });
});
