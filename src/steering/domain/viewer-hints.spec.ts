import { InvalidInputError } from '../../platform/kernel/errors.js';
import { locateFromHints } from './viewer-hints.js';

const LOOKUPS = {
  isKnownCountry: (code: string) => ['FR', 'DE', 'ES', 'US'].includes(code),
  ipCountry: (address: string) => (address === '8.8.8.8' ? 'US' : undefined),
  defaultCountry: 'DE',
};

describe('locating a steered viewer', () => {
  it('prefers the query, then an edge header, then the IP, then the default', () => {
    const headers = { 'cf-ipcountry': 'es', 'x-viewer-country': 'FR' };
    expect(locateFromHints({ viewerCountry: 'FR', headers, clientIp: '8.8.8.8' }, LOOKUPS)).toEqual({
      method: 'query',
      countryCode: 'FR',
      latitude: undefined,
      longitude: undefined,
    });
    expect(locateFromHints({ headers, clientIp: '8.8.8.8' }, LOOKUPS)).toEqual({
      method: 'edge-header',
      countryCode: 'ES',
      header: 'cf-ipcountry',
    });
    expect(locateFromHints({ headers: { 'cf-ipcountry': 'XX' }, clientIp: '8.8.8.8' }, LOOKUPS)).toEqual({
      method: 'ip-database',
      countryCode: 'US',
    });
    expect(locateFromHints({ clientIp: '10.0.0.1' }, LOOKUPS)).toEqual({
      method: 'default',
      countryCode: 'DE',
    });
    expect(locateFromHints({}, { ...LOOKUPS, defaultCountry: undefined })).toEqual({ method: 'unlocated' });
  });

  it('takes coordinates from the query', () => {
    expect(locateFromHints({ viewerLat: 48.8, viewerLon: 2.3 }, LOOKUPS)).toMatchObject({
      method: 'query',
      latitude: 48.8,
      longitude: 2.3,
    });
  });

  it.each([
    [{ viewerCountry: 'ZZ' }, 'viewerCountry'],
    [{ viewerLat: 48.8 }, 'viewerLon'],
    [{ viewerLon: 2.3 }, 'viewerLat'],
  ])('refuses %j naming %s', (hints, field) => {
    try {
      locateFromHints(hints, LOOKUPS);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).errors[0]?.field).toBe(field);
    }
  });
});
