/**
 * The region catalogue as held in memory: plain data and pure queries, no Nest or TypeORM.
 */
import { nearest } from '../../geo/domain/distance.js';

export const REGION_ACCESS_CLASSES = ['general', 'opt-in', 'restricted'] as const;
export type RegionAccess = (typeof REGION_ACCESS_CLASSES)[number];

export interface ProviderRecord {
  id: string;
  name: string;
  pue: number;
  pueSource: string;
  defaultEgressUsdPerGb: number | null;
  defaultEgressSource: string | null;
}

export interface RegionRecord {
  id: string;
  providerId: string;
  code: string;
  displayName: string;
  city: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  zone: string;
  referenceIntensityGPerKwh: number;
  referenceIntensitySource: string;
  pue: number | null;
  access: RegionAccess;
  egressUsdPerGb: number | null;
  egressPriceSource: string | null;
  originUrlTemplate: string | null;
  enabled: boolean;
  updatedAt: Date;
}

/** A region as the API shows it: provider-level values resolved where the region has none. */
export interface RegionView {
  id: string;
  provider: string;
  code: string;
  displayName: string;
  city: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  zone: string;
  referenceIntensityGPerKwh: number;
  referenceIntensitySource: string;
  pue: number;
  pueSource: 'region' | 'provider';
  access: RegionAccess;
  egressUsdPerGb: number | null;
  egressPriceSource: string | null;
  originUrlTemplate: string | null;
  enabled: boolean;
  updatedAt: string;
}

/** A provider as GET /providers lists it: its record and how many catalogue regions it has. */
export interface ProviderSummary extends ProviderRecord {
  regionCount: number;
}

export interface Catalogue {
  providers: ProviderRecord[];
  providerById: ReadonlyMap<string, ProviderRecord>;
  /** Sorted by id. */
  regions: RegionView[];
  regionById: ReadonlyMap<string, RegionView>;
  /** Distinct zones of the regions, sorted. */
  zones: string[];
  /** The same zones, for lookups on hot paths. */
  zoneSet: ReadonlySet<string>;
  /** Regions a viewer is served from when nobody names one: enabled and of general access. */
  servingRegions: RegionView[];
}

export function regionView(region: RegionRecord, provider: ProviderRecord | undefined): RegionView {
  const hasRegionPue = region.pue !== null;
  const hasRegionEgress = region.egressUsdPerGb !== null;
  return {
    id: region.id,
    provider: region.providerId,
    code: region.code,
    displayName: region.displayName,
    city: region.city,
    countryCode: region.countryCode,
    latitude: region.latitude,
    longitude: region.longitude,
    zone: region.zone,
    referenceIntensityGPerKwh: region.referenceIntensityGPerKwh,
    referenceIntensitySource: region.referenceIntensitySource,
    pue: hasRegionPue ? (region.pue as number) : (provider?.pue ?? 1),
    pueSource: hasRegionPue ? 'region' : 'provider',
    access: region.access,
    egressUsdPerGb: hasRegionEgress ? region.egressUsdPerGb : (provider?.defaultEgressUsdPerGb ?? null),
    egressPriceSource: hasRegionEgress
      ? region.egressPriceSource
      : provider?.defaultEgressUsdPerGb != null
        ? `provider default: ${provider.defaultEgressSource ?? 'no source given'}`
        : null,
    originUrlTemplate: region.originUrlTemplate,
    enabled: region.enabled,
    updatedAt: region.updatedAt.toISOString(),
  };
}

export function buildCatalogue(providers: ProviderRecord[], regions: RegionRecord[]): Catalogue {
  const sortedProviders = [...providers].sort((a, b) => a.id.localeCompare(b.id));
  const providerById = new Map(sortedProviders.map((provider) => [provider.id, provider]));
  const views = regions
    .map((region) => regionView(region, providerById.get(region.providerId)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const zoneSet = new Set(views.map((region) => region.zone));
  return {
    providers: sortedProviders,
    providerById,
    regions: views,
    regionById: new Map(views.map((region) => [region.id, region])),
    zones: [...zoneSet].sort(),
    zoneSet,
    servingRegions: views.filter((region) => region.enabled && region.access === 'general'),
  };
}

/** Every provider, sorted by id, with its number of regions in the catalogue. */
export function providerSummaries(catalogue: Catalogue): ProviderSummary[] {
  const counts = new Map<string, number>();
  for (const region of catalogue.regions) counts.set(region.provider, (counts.get(region.provider) ?? 0) + 1);
  return catalogue.providers.map((provider) => ({
    ...provider,
    regionCount: counts.get(provider.id) ?? 0,
  }));
}

/** The serving region nearest a point (great circle; ties: the first by id), if any is enabled. */
export function nearestServingRegion(
  catalogue: Catalogue,
  latitude: number,
  longitude: number,
): RegionView | undefined {
  return nearest(latitude, longitude, catalogue.servingRegions);
}

export interface RegionFilter {
  provider?: string;
  country?: string;
  zone?: string;
  access?: RegionAccess;
  enabled?: boolean;
}

/** A page of the catalogue's regions, filtered. */
export interface RegionPageQuery extends RegionFilter {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function queryRegions(
  catalogue: Catalogue,
  filter: RegionFilter,
  limit: number,
  offset: number,
): Page<RegionView> {
  const matching = catalogue.regions.filter(
    (region) =>
      (filter.provider === undefined || region.provider === filter.provider) &&
      (filter.country === undefined || region.countryCode === filter.country) &&
      (filter.zone === undefined || region.zone === filter.zone) &&
      (filter.access === undefined || region.access === filter.access) &&
      (filter.enabled === undefined || region.enabled === filter.enabled),
  );
  return { items: matching.slice(offset, offset + limit), total: matching.length, limit, offset };
}
