import { readFileSync } from 'node:fs';

/**
 * Checks the generated seed data in seeds/data/ (written by `npm run seeds:generate`, i.e.
 * seeds/generate/generate-seeds.mjs) for shape and referential integrity.
 */

interface Provider {
  id: string;
  name: string;
  pue: number;
  pueSource: string;
  defaultEgressUsdPerGb: number | null;
  defaultEgressSource: string | null;
}

interface Region {
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
  access: 'general' | 'opt-in' | 'restricted';
  egressUsdPerGb: number | null;
  egressPriceSource: string | null;
}

interface Country {
  code: string;
  alpha3: string;
  name: string;
  latitude: number;
  longitude: number;
  defaultZone: string | null;
}

interface Border {
  a: string;
  b: string;
  kind: 'land' | 'sea';
  source: string;
}

interface RegionLink {
  a: string;
  b: string;
  distanceKm: number;
  rttMs: number;
  rttMinMs: number;
  source: string;
}

function load<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as T;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const providers = load<Provider[]>('providers.json');
const regions = load<Region[]>('regions.json');
const countries = load<Country[]>('countries.json');
const borders = load<Border[]>('country-borders.json');
const links = load<RegionLink[]>('region-links.json');

const regionIds = new Set(regions.map((region) => region.id));
const countryCodes = new Set(countries.map((country) => country.code));
const regionById = new Map(regions.map((region) => [region.id, region]));
const borderByPair = new Map(borders.map((border) => [`${border.a}|${border.b}`, border]));

function borderBetween(x: string, y: string): Border | undefined {
  return borderByPair.get(x < y ? `${x}|${y}` : `${y}|${x}`);
}

describe('seed data: providers', () => {
  it('has the three providers with PUE and default egress', () => {
    expect(providers.map((provider) => provider.id)).toEqual(['aws', 'azure', 'gcp']);
    const byId = new Map(providers.map((provider) => [provider.id, provider]));
    expect(byId.get('aws')).toMatchObject({
      name: 'Amazon Web Services',
      pue: 1.14,
      defaultEgressUsdPerGb: 0.09,
    });
    expect(byId.get('azure')).toMatchObject({
      name: 'Microsoft Azure',
      pue: 1.18,
      defaultEgressUsdPerGb: 0.087,
    });
    expect(byId.get('gcp')).toMatchObject({ name: 'Google Cloud', pue: 1.09, defaultEgressUsdPerGb: 0.12 });
    for (const provider of providers) {
      expect(provider.pueSource).toMatch(/https:\/\//);
      expect(provider.defaultEgressSource).toEqual(expect.any(String));
    }
  });
});

describe('seed data: regions', () => {
  it('has 136 regions: 36 AWS, 43 GCP, 57 Azure', () => {
    expect(regions).toHaveLength(136);
    expect(countBy(regions, (region) => region.provider)).toEqual({ aws: 36, gcp: 43, azure: 57 });
  });

  it('has 109 general, 19 opt-in and 8 restricted regions', () => {
    expect(countBy(regions, (region) => region.access)).toEqual({
      general: 109,
      'opt-in': 19,
      restricted: 8,
    });
  });

  it('uses unique `provider:code` ids', () => {
    for (const region of regions) expect(region.id).toBe(`${region.provider}:${region.code}`);
    expect(regionIds.size).toBe(regions.length);
  });

  it('references existing providers and countries', () => {
    const providerIds = new Set(providers.map((provider) => provider.id));
    for (const region of regions) {
      expect(providerIds.has(region.provider)).toBe(true);
      expect(countryCodes.has(region.countryCode)).toBe(true);
    }
  });

  it('carries numeric coordinates, intensity and PUE', () => {
    for (const region of regions) {
      expect(Math.abs(region.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(region.longitude)).toBeLessThanOrEqual(180);
      expect(region.referenceIntensityGPerKwh).toBeGreaterThan(0);
      expect(typeof region.pue).toBe('number');
      expect(region.zone).not.toBe('');
    }
  });

  it('has per-region egress prices for AWS and GCP only', () => {
    expect(regionById.get('aws:eu-west-3')?.egressUsdPerGb).toBe(0.09);
    expect(regionById.get('gcp:europe-west9')?.egressUsdPerGb).toBe(0.12);
    const azure = regions.filter((region) => region.provider === 'azure');
    expect(azure).toHaveLength(57);
    for (const region of azure) {
      expect(region.egressUsdPerGb).toBeNull();
      expect(region.egressPriceSource).toBeNull();
    }
    for (const region of regions) {
      expect(region.egressPriceSource === null).toBe(region.egressUsdPerGb === null);
    }
  });
});

describe('seed data: countries and borders', () => {
  it('has 250 countries with unique codes', () => {
    expect(countries).toHaveLength(250);
    expect(countryCodes.size).toBe(250);
    expect(new Set(countries.map((country) => country.alpha3)).size).toBe(250);
  });

  it.each([
    ['GB', 'FR'],
    ['GB', 'BE'],
    ['GB', 'NL'],
    ['DK', 'SE'],
    ['DK', 'NO'],
    ['EE', 'FI'],
    ['JP', 'KR'],
    ['SG', 'MY'],
    ['SG', 'ID'],
    ['BH', 'SA'],
    ['BH', 'QA'],
    ['AU', 'NZ'],
    ['IT', 'MT'],
  ])('has the sea pair %s-%s', (x, y) => {
    expect(borderBetween(x, y)?.kind).toBe('sea');
  });

  it('has the land pair FR-ES', () => {
    expect(borderBetween('FR', 'ES')).toMatchObject({ a: 'ES', b: 'FR', kind: 'land' });
  });

  it('orders each pair a < b, references existing countries and has no duplicates', () => {
    for (const border of borders) {
      expect(border.a < border.b).toBe(true);
      expect(countryCodes.has(border.a)).toBe(true);
      expect(countryCodes.has(border.b)).toBe(true);
      expect(['land', 'sea']).toContain(border.kind);
    }
    expect(borderByPair.size).toBe(borders.length);
  });
});

describe('seed data: region links', () => {
  it('has 2346 unique, ordered links between existing regions', () => {
    expect(links).toHaveLength(2346);
    const pairs = new Set(links.map((link) => `${link.a}|${link.b}`));
    expect(pairs.size).toBe(2346);
    for (const link of links) {
      expect(link.a < link.b).toBe(true);
      expect(regionIds.has(link.a)).toBe(true);
      expect(regionIds.has(link.b)).toBe(true);
      expect(link.rttMs).toBeGreaterThan(0);
      expect(link.source).toBe('measured-2022');
    }
  });
});
