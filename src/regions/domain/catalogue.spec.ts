import { providerRecord } from '../../../test/factories/provider.factory.js';
import { regionRecord } from '../../../test/factories/region.factory.js';
import { buildCatalogue, providerSummaries, queryRegions, type ProviderRecord } from './catalogue.js';

const aws = providerRecord();
const region = regionRecord;

describe('buildCatalogue', () => {
  it("takes the provider's PUE and default egress where the region has none, and says so", () => {
    const catalogue = buildCatalogue(
      [aws],
      [region({ id: 'aws:ap-east-2', code: 'ap-east-2', egressUsdPerGb: null, egressPriceSource: null })],
    );
    const view = catalogue.regionById.get('aws:ap-east-2');
    expect(view?.pue).toBe(1.14);
    expect(view?.pueSource).toBe('provider');
    expect(view?.egressUsdPerGb).toBe(0.09);
    expect(view?.egressPriceSource).toBe('provider default: AWS first tier');
  });

  it("keeps a region's own PUE and price", () => {
    const catalogue = buildCatalogue([aws], [region({ pue: 1.04, egressUsdPerGb: 0.085 })]);
    expect(catalogue.regions[0]).toMatchObject({ pue: 1.04, pueSource: 'region', egressUsdPerGb: 0.085 });
  });

  it('sorts regions by id and lists each zone once', () => {
    const catalogue = buildCatalogue(
      [aws],
      [
        region({ id: 'aws:eu-west-3' }),
        region({ id: 'aws:eu-central-1', zone: 'DE' }),
        region({ id: 'aws:eu-south-9' }),
      ],
    );
    expect(catalogue.regions.map((r) => r.id)).toEqual([
      'aws:eu-central-1',
      'aws:eu-south-9',
      'aws:eu-west-3',
    ]);
    expect(catalogue.zones).toEqual(['DE', 'FR']);
  });
});

describe('queryRegions', () => {
  const catalogue = buildCatalogue(
    [aws],
    [
      region({ id: 'aws:a', countryCode: 'FR', zone: 'FR' }),
      region({ id: 'aws:b', countryCode: 'DE', zone: 'DE', access: 'opt-in' }),
      region({ id: 'aws:c', countryCode: 'DE', zone: 'DE', enabled: false }),
      region({ id: 'aws:d', countryCode: 'DE', zone: 'DE' }),
    ],
  );

  it.each([
    [{ country: 'DE' }, ['aws:b', 'aws:c', 'aws:d']],
    [{ country: 'DE', access: 'general' as const }, ['aws:c', 'aws:d']],
    [{ enabled: false }, ['aws:c']],
    [{ zone: 'FR' }, ['aws:a']],
    [{ provider: 'gcp' }, []],
  ])('filters by %p', (filter, ids) => {
    const page = queryRegions(catalogue, filter, 100, 0);
    expect(page.items.map((r) => r.id)).toEqual(ids);
    expect(page.total).toBe(ids.length);
  });

  it('pages with limit and offset while total counts every match', () => {
    expect(queryRegions(catalogue, {}, 2, 1)).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(queryRegions(catalogue, {}, 2, 1).items.map((r) => r.id)).toEqual(['aws:b', 'aws:c']);
    expect(queryRegions(catalogue, {}, 2, 10).items).toEqual([]);
  });
});

describe('providerSummaries', () => {
  it('counts the regions of each provider, zero for a provider without any', () => {
    const gcp: ProviderRecord = { ...aws, id: 'gcp', name: 'Google Cloud' };
    const catalogue = buildCatalogue([gcp, aws], [region({ id: 'aws:a' }), region({ id: 'aws:b' })]);
    expect(providerSummaries(catalogue)).toEqual([
      { ...aws, regionCount: 2 },
      { ...gcp, regionCount: 0 },
    ]);
  });
});
