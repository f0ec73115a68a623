import { country } from '../../../test/factories/country.factory.js';
import { invalidFieldsOf } from '../../../test/support/invalid-input.js';
import { countryGridZone, locateViewer, type ViewerLookups } from './viewer-location.js';

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

  it("places a country-only viewer at the country's centroid, in its own grid zone", () => {
    expect(locateViewer({ viewerCountry: 'FR' }, lookups, { acceptsCoordinates: false })).toEqual({
      country: FR,
      zone: 'FR',
      position: { latitude: 46, longitude: 2, locatedBy: 'country-centroid' },
    });
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
