import { country } from '../../../test/factories/country.factory.js';
import { invalidFieldsOf } from '../../../test/support/invalid-input.js';
import { countryGridZone, countryPosition, locateViewer, type ViewerLookups } from './viewer-location.js';

const FR = country('FR', 46, 2, 'FR');
const AQ = country('AQ', -75, 0, null);
const lookups: ViewerLookups = {
  findCountry: (code) => ({ FR, AQ })[code],
  isKnownZone: (zone) => ['FR', 'DE', 'US-CAL-CISO', 'XX-NOWHERE'].includes(zone),
  zonePosition: (zone) => (zone === 'DE' ? { latitude: 50.1, longitude: 8.7 } : undefined),
};

describe('locateViewer', () => {
  it('places a viewer given by coordinates there, keeping the country it was given', () => {
    expect(
      locateViewer({ viewerCountry: 'FR', viewerLat: 48.1, viewerLon: 11.6 }, lookups, {
        acceptsCoordinates: true,
      }),
    ).toEqual({
      country: FR,
      zone: 'FR',
      position: { latitude: 48.1, longitude: 11.6, locatedBy: 'coordinates' },
    });
  });

  it('places a zone-only viewer at the mean position of the zone regions when the caller has them', () => {
    expect(locateViewer({ viewerZone: 'DE' }, lookups, { acceptsCoordinates: true }).position).toEqual({
      latitude: 50.1,
      longitude: 8.7,
      locatedBy: 'zone-regions',
    });
  });

  it("places a country-only viewer at the country's population-weighted centre, in its own grid zone", () => {
    expect(locateViewer({ viewerCountry: 'FR' }, lookups, { acceptsCoordinates: false })).toEqual({
      country: FR,
      zone: 'FR',
      position: { latitude: 47.07, longitude: 2.79, locatedBy: 'country-population-centre' },
    });
  });

  it('keeps the centroid only for a country without population data', () => {
    const XZ = country('XZ', 10, 20, null);
    expect(countryPosition(XZ)).toEqual({ latitude: 10, longitude: 20, locatedBy: 'country-centroid' });
  });

  it("places Russia's viewers west of the Urals, not at its centroid", () => {
    const RU = country('RU', 60, 100, 'RU');
    const { latitude, longitude, locatedBy } = countryPosition(RU);
    expect(locatedBy).toBe('country-population-centre');
    expect(longitude).toBeLessThan(60); // the Urals run along about 60° E
    expect(latitude).toBeGreaterThan(50);
  });

  it('places a viewer given a subdivision at its population centre, and takes the country from it', () => {
    const US = country('US', 39.8, -98.6, null);
    const usLookups: ViewerLookups = { ...lookups, findCountry: (code) => ({ FR, US })[code] };
    const california = locateViewer({ viewerSubdivision: 'US-CA' }, usLookups, { acceptsCoordinates: true });
    const newYork = locateViewer({ viewerSubdivision: 'US-NY' }, usLookups, { acceptsCoordinates: true });
    expect(california.country).toBe(US);
    expect(california.position?.locatedBy).toBe('subdivision-population-centre');
    expect(california.position?.longitude).toBeLessThan(-115);
    expect(newYork.position?.longitude).toBeGreaterThan(-80);
  });

  it.each([
    [{ viewerSubdivision: 'US-ZZ' }, 'is not a known subdivision of US'],
    [{ viewerSubdivision: 'US-CA', viewerCountry: 'FR' }, 'is a subdivision of US, not of viewerCountry FR'],
    [{ viewerSubdivision: 'FR-IDF' }, 'no subdivision data for FR'],
    [{ viewerSubdivision: 'california' }, 'must be an ISO 3166-2 code'],
  ])('refuses %j naming viewerSubdivision', (query, message) => {
    expect(invalidFieldsOf(() => locateViewer(query, lookups, { acceptsCoordinates: true }))[0]).toBe(
      'viewerSubdivision',
    );
    expect(() => locateViewer(query, lookups, { acceptsCoordinates: true })).toThrow(message);
  });

  it('uses the country code as the zone of a country without a grid zone (its yearly average)', () => {
    expect(countryGridZone(AQ)).toBe('AQ');
    expect(locateViewer({ viewerCountry: 'AQ' }, lookups, { acceptsCoordinates: false }).zone).toBe('AQ');
  });

  it('leaves a zone-only viewer unplaced where positions are optional, and refuses it where they are not', () => {
    expect(locateViewer({ viewerZone: 'XX-NOWHERE' }, lookups, { acceptsCoordinates: false })).toEqual({
      country: undefined,
      zone: 'XX-NOWHERE',
    });
    expect(
      invalidFieldsOf(() =>
        locateViewer({ viewerZone: 'XX-NOWHERE' }, lookups, { acceptsCoordinates: true }),
      )[0],
    ).toBe('viewerZone');
  });

  it.each([
    [{ viewerLat: 1 }, 'viewerLon'],
    [{ viewerLon: 1 }, 'viewerLat'],
    [{ viewerCountry: 'ZZ' }, 'viewerCountry'],
    [{ viewerZone: 'NOPE' }, 'viewerZone'],
    [{}, 'viewerCountry'],
  ])('refuses %j naming %s', (query, field) => {
    expect(invalidFieldsOf(() => locateViewer(query, lookups, { acceptsCoordinates: true }))[0]).toBe(field);
  });
});
