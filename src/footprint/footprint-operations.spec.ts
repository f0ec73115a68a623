import { forecastWindow } from '../../test/factories/intensity.factory.js';
import { providerRecord } from '../../test/factories/provider.factory.js';
import { regionAt } from '../../test/factories/region.factory.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { InvalidInputError } from '../platform/kernel/errors.js';
import type { Country } from '../geo/domain/countries.js';
import type { GeoService } from '../geo/geo.service.js';
import type { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import type { CatalogueService } from '../regions/catalogue.service.js';
import { buildCatalogue } from '../regions/domain/catalogue.js';
import type { FootprintRequest } from './domain/footprint-request.js';
import { EstimateFootprintOperation } from './estimate-footprint.js';
import { SimulateOperation } from './simulate.js';

const PROVIDER = providerRecord({ name: 'AWS', pue: 1.15, pueSource: 'test', defaultEgressSource: 'test' });
const region = regionAt;

const REGIONS = [region('eu-west-3', 'FR', 48.86, 2.35), region('eu-central-1', 'DE', 50.11, 8.68)];

const FRANCE: Country = {
  code: 'FR',
  alpha3: 'FRA',
  name: 'France',
  latitude: 46.6,
  longitude: 2.4,
  defaultZone: 'FR',
  landNeighbours: ['DE'],
  seaNeighbours: [],
  neighbours: ['DE'],
};

const GRAMS_PER_KWH: Record<string, number> = { FR: 50, DE: 30 };

function setUp() {
  const state = { dataVersion: 1, catalogue: buildCatalogue([PROVIDER], REGIONS) };
  const windowCalls: string[] = [];
  const intensity = {
    get dataVersion() {
      return state.dataVersion;
    },
    isConfigured: () => true,
    isKnownZone: (zone: string) => zone in GRAMS_PER_KWH,
    ensureZone: async () => undefined,
    window: (zone: string, from: Date, to: Date): WindowIntensityValue => {
      windowCalls.push(zone);
      return forecastWindow(zone, from, to, GRAMS_PER_KWH[zone] as number);
    },
  } as unknown as IntensityService;
  const catalogue = { current: () => state.catalogue } as unknown as CatalogueService;
  const geo = {
    findCountry: (code: string) => (code === 'FR' ? FRANCE : undefined),
  } as unknown as GeoService;
  const estimate = new EstimateFootprintOperation(
    { responseCacheEntries: 100 } as AppConfig,
    intensity,
    catalogue,
    geo,
  );
  const simulate = new SimulateOperation(estimate, intensity, catalogue, geo);
  return { estimate, simulate, state, windowCalls };
}

const QUERY: FootprintRequest = Object.freeze({
  durationMinutes: 60,
  resolution: '1080p',
  viewerCountry: 'FR',
  region: 'aws:eu-west-3',
});

describe('EstimateFootprintOperation', () => {
  afterEach(() => import.meta.jest.useRealTimers());

  it('answers an identical query again within the second from the stored JSON, without computing', async () => {
    import.meta.jest.useFakeTimers({ now: new Date('2026-11-22T20:00:00.100Z') });
    const { estimate, windowCalls } = setUp();
    const first = await estimate.estimateJson(QUERY);
    const calls = windowCalls.length;
    const again = estimate.estimateJson(QUERY);
    expect(typeof again).toBe('string');
    expect(again).toBe(first);
    expect(windowCalls).toHaveLength(calls);
  });

  it('computes again when the second ends, the intensities change or the catalogue is replaced', async () => {
    import.meta.jest.useFakeTimers({ now: new Date('2026-11-22T20:00:00.100Z') });
    const { estimate, state } = setUp();
    await estimate.estimateJson(QUERY);
    state.dataVersion = 2;
    expect(typeof estimate.estimateJson(QUERY)).not.toBe('string');
    await estimate.estimateJson(QUERY);
    state.catalogue = buildCatalogue([PROVIDER], REGIONS);
    expect(typeof estimate.estimateJson(QUERY)).not.toBe('string');
    await estimate.estimateJson(QUERY);
    import.meta.jest.setSystemTime(new Date('2026-11-22T20:00:01.000Z'));
    const nextSecond = await estimate.estimateJson(QUERY);
    expect(JSON.parse(nextSecond).startAt).toBe('2026-11-22T20:00:01.000Z');
  });
});

describe('SimulateOperation', () => {
  it('evaluates the standard scenarios when none are given, sorted by saving', async () => {
    const { simulate } = setUp();
    const answer = await simulate.simulate({ baseline: { ...QUERY, device: 'laptop', connection: 'wifi' } });
    expect(answer.scenarios.map((scenario) => scenario.name).sort()).toEqual(
      [
        '240p',
        '360p',
        '480p',
        '720p',
        'fixed-wired',
        'mobile',
        'smartphone',
        'tablet',
        'aws:eu-central-1',
      ].sort(),
    );
    const deltas = answer.scenarios.map((scenario) => scenario.deltaG);
    expect(deltas).toEqual([...deltas].sort((a, b) => a - b));
    expect(answer.best).toBe(answer.scenarios[0].name);
    expect(answer.viewsPerWeek).toBe(7);
  });

  it('evaluates every scenario over the baseline window, each zone averaged once', async () => {
    const { simulate, windowCalls } = setUp();
    const answer = await simulate.simulate({
      baseline: QUERY,
      scenarios: [
        { name: 'germany', changes: { region: 'aws:eu-central-1' } },
        { name: 'mobile', changes: { connection: 'mobile' } },
      ],
    });
    expect(answer.scenarios.map((scenario) => scenario.footprint.startAt)).toEqual([
      answer.baseline.startAt,
      answer.baseline.startAt,
    ]);
    expect(windowCalls.sort()).toEqual(['DE', 'FR']);
  });

  it("names the scenario's field when a change is invalid", async () => {
    const { simulate } = setUp();
    const failure = simulate.simulate({
      baseline: QUERY,
      scenarios: [{ name: 'nowhere', changes: { region: 'aws:nowhere-1' } }],
    });
    await expect(failure).rejects.toBeInstanceOf(InvalidInputError);
    await expect(failure).rejects.toMatchObject({
      errors: [{ field: 'scenarios[0].changes.region', message: "is not a known region ('aws:nowhere-1')" }],
    });
  });

  it('refuses model=all for the baseline', async () => {
    const { simulate } = setUp();
    await expect(simulate.simulate({ baseline: { ...QUERY, model: 'all' } })).rejects.toMatchObject({
      errors: [{ field: 'baseline.model', message: 'must be one model for a simulation, not all' }],
    });
  });
});
