import type { RegionRecord, RegionView } from '../../src/regions/domain/catalogue.js';
import type { CreateRegionRequest } from '../../src/regions/http/region-write.dto.js';

/** A region row as the catalogue is built from (AWS Paris, no PUE of its own). */
export function regionRecord(overrides: Partial<RegionRecord> = {}): RegionRecord {
  return {
    id: 'aws:eu-west-3',
    providerId: 'aws',
    code: 'eu-west-3',
    displayName: 'Europe (Paris)',
    city: 'Paris',
    countryCode: 'FR',
    latitude: 48.86,
    longitude: 2.35,
    zone: 'FR',
    referenceIntensityGPerKwh: 31,
    referenceIntensitySource: 'EM 2025',
    pue: null,
    access: 'general',
    egressUsdPerGb: 0.09,
    egressPriceSource: 'AWS list price',
    originUrlTemplate: null,
    enabled: true,
    updatedAt: new Date('2026-11-22T00:00:00Z'),
    ...overrides,
  };
}

/**
 * An AWS region of `code` in `countryCode` (its zone), at the given place, with a round reference
 * intensity (100 g/kWh) and no egress price: for specs that place a few regions on a map.
 */
export function regionAt(
  code: string,
  countryCode: string,
  latitude: number,
  longitude: number,
): RegionRecord {
  return regionRecord({
    id: `aws:${code}`,
    code,
    displayName: code,
    city: code,
    countryCode,
    latitude,
    longitude,
    zone: countryCode,
    referenceIntensityGPerKwh: 100,
    referenceIntensitySource: 'test',
    egressUsdPerGb: null,
    egressPriceSource: null,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  });
}

/**
 * A catalogue region as eligibility sees it, named by `provider:code`, in `countryCode` (its zone),
 * at 0,0 with a round reference intensity (100 g/kWh): for specs of the selection rules.
 */
export function regionView(id: string, countryCode: string, overrides: Partial<RegionView> = {}): RegionView {
  const [provider, code] = id.split(':');
  return {
    id,
    provider,
    code,
    displayName: id,
    city: id,
    countryCode,
    latitude: 0,
    longitude: 0,
    zone: countryCode,
    referenceIntensityGPerKwh: 100,
    referenceIntensitySource: 'test',
    pue: 1.1,
    pueSource: 'provider',
    access: 'general',
    egressUsdPerGb: 0.09,
    egressPriceSource: 'test',
    originUrlTemplate: null,
    enabled: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * The body of POST /regions with only the required fields: a Paris region of the provider of
 * `createProviderBody()` (add that provider first).
 */
export function createRegionBody(overrides: Partial<CreateRegionRequest> = {}): CreateRegionRequest {
  return {
    provider: 'ovhcloud',
    code: 'eu-west-par',
    displayName: 'Paris',
    city: 'Paris',
    countryCode: 'FR',
    latitude: 48.8566,
    longitude: 2.3522,
    zone: 'FR',
    ...overrides,
  };
}
