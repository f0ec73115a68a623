import { forecastWindow } from '../../test/factories/intensity.factory.js';
import { providerRecord } from '../../test/factories/provider.factory.js';
import { regionAt } from '../../test/factories/region.factory.js';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import type { Country } from '../geo/domain/countries.js';
import type { LatencyLink } from '../geo/domain/latency.js';
import type { GeoService } from '../geo/geo.service.js';
import type { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import type { CatalogueService } from '../regions/catalogue.service.js';
import { buildCatalogue, type Catalogue, type RegionRecord } from '../regions/domain/catalogue.js';
import { CATALOGUE_CHANGED } from '../regions/regions.events.js';
import type { RecommendRequest } from './domain/request-rules.js';
import { LatencyService } from '../latency/latency.service.js';
import { PreparedCatalogueStore } from './prepared-catalogue.js';
import { RecommendOperation } from './recommend.js';
import { RECOMMENDATION_SERVED } from './recommendation.events.js';

const CONFIG = { latencyBaseMs: 5, latencyMsPer100Km: 1.6, latencyAccessMs: 15 } as AppConfig;

const PROVIDER = providerRecord({ name: 'AWS', pue: 1.15, pueSource: 'test', defaultEgressSource: 'test' });
const region = regionAt;

const PARIS = region('eu-west-3', 'FR', 48.86, 2.35);
const FRANKFURT = region('eu-central-1', 'DE', 50.11, 8.68);

const COUNTRIES = new Map<string, Country>([
  [
    'FR',
    {
      code: 'FR',
      alpha3: 'FRA',
      name: 'France',
      latitude: 46.6,
      longitude: 2.4,
      defaultZone: 'FR',
      landNeighbours: ['DE'],
      seaNeighbours: [],
      neighbours: ['DE'],
    },
  ],
]);

const GRAMS_PER_KWH: Record<string, number> = { FR: 50, DE: 300 };

/** A catalogue service, geo service and intensity service holding just what /recommend reads. */
function setUp(regions: RegionRecord[] = [PARIS, FRANKFURT]) {
  let catalogue: Catalogue = buildCatalogue([PROVIDER], regions);
  let links: readonly LatencyLink[] = [];
  const windowCalls: string[] = [];
  const intensityState = { dataVersion: 1, configured: true };
  const catalogueService = { current: () => catalogue } as unknown as CatalogueService;
  const geo = {
    regionLinks: () => links,
    findCountry: (code: string) => COUNTRIES.get(code),
  } as unknown as GeoService;
  const intensity = {
    get dataVersion() {
      return intensityState.dataVersion;
    },
    isConfigured: () => intensityState.configured,
    ensureZone: () => undefined,
    isKnownZone: (zone: string) => zone in GRAMS_PER_KWH,
    window: (zone: string, from: Date, to: Date): WindowIntensityValue => {
      windowCalls.push(zone);
      return forecastWindow(zone, from, to, GRAMS_PER_KWH[zone] as number);
    },
  } as unknown as IntensityService;
  const events = new EventBus();
  const store = new PreparedCatalogueStore(CONFIG, catalogueService, geo, new LatencyService(), events);
  store.onApplicationBootstrap();
  const operation = new RecommendOperation(store, geo, intensity, events);
  return {
    store,
    operation,
    events,
    windowCalls,
    intensityState,
    replaceCatalogue(next: RegionRecord[]) {
      catalogue = buildCatalogue([PROVIDER], next);
      events.emit(CATALOGUE_CHANGED, catalogue);
    },
    replaceLinks(next: readonly LatencyLink[]) {
      links = next;
    },
  };
}

// The store logs each build; not wanted in test output.
beforeAll(() => Logger.overrideLogger(false));

/** A query as the validation pipe hands it out: one frozen object per distinct query string. */
function validated(request: RecommendRequest): RecommendRequest {
  return Object.freeze(request);
}

describe('PreparedCatalogueStore', () => {
  it('keeps one prepared catalogue until the catalogue changes, then builds a new one at once', () => {
    const { store, replaceCatalogue } = setUp();
    const first = store.current();
    expect(store.current()).toBe(first);
    replaceCatalogue([PARIS]);
    const second = store.current();
    expect(second).not.toBe(first);
    expect(second.catalogue.regions.map((region) => region.id)).toEqual(['aws:eu-west-3']);
    expect([...second.zonePositions.keys()]).toEqual(['FR']);
  });

  it('rebuilds when the measured links are replaced', () => {
    const { store, replaceLinks } = setUp();
    const first = store.current();
    replaceLinks([]);
    expect(store.current()).not.toBe(first);
  });

  it('places a zone at the mean position of its regions', () => {
    const { store } = setUp([PARIS, region('eu-west-3b', 'FR', 44.86, 0.35)]);
    expect(store.current().zonePositions.get('FR')).toEqual({ latitude: 46.86, longitude: 1.35 });
  });
});

describe('RecommendOperation', () => {
  const query = () =>
    validated({ viewerCountry: 'FR', durationMinutes: 60, startAt: new Date('2026-11-22T20:00:00Z') });

  it('plans a validated query once and reuses the plan until the catalogue changes', () => {
    const { store, operation, replaceCatalogue } = setUp();
    const request = query();
    const answer = operation.recommend(request);
    expect(answer.recommendation.regionId).toBe('aws:eu-west-3');
    const plan = store.current().plans.get(request);
    expect(plan).toBeDefined();
    operation.recommend(request);
    expect(store.current().plans.get(request)).toBe(plan);

    replaceCatalogue([FRANKFURT]);
    expect(store.current().plans.get(request)).toBeUndefined();
    const after = operation.recommend(request);
    expect(after.candidates.map((candidate) => candidate.regionId)).toEqual(['aws:eu-central-1']);
    expect(store.current().plans.get(request)).not.toBe(plan);
  });

  it('does not remember a plan for a query object that is not frozen (not from the validation pipe)', () => {
    const { store, operation } = setUp();
    const request = { viewerCountry: 'FR', durationMinutes: 60 };
    operation.recommend(request);
    expect(store.current().plans.get(request)).toBeUndefined();
  });

  it('scores a reused plan with the intensities of the moment', () => {
    const { store, operation, intensityState } = setUp();
    const request = query();
    expect(operation.recommend(request).recommendation.regionId).toBe('aws:eu-west-3');
    const plan = store.current().plans.get(request);
    GRAMS_PER_KWH.FR = 500;
    intensityState.dataVersion = 2;
    try {
      const answer = operation.recommend(request);
      expect(store.current().plans.get(request)).toBe(plan);
      expect(answer.recommendation.regionId).toBe('aws:eu-central-1');
      expect(answer.savings.versusRegionId).toBe('aws:eu-west-3');
    } finally {
      GRAMS_PER_KWH.FR = 50;
    }
  });

  it('averages each zone once per window, second and snapshot version', () => {
    const { operation, windowCalls, intensityState } = setUp();
    const request = query();
    const other = validated({ viewerCountry: 'FR', durationMinutes: 60, startAt: request.startAt });
    import.meta.jest.useFakeTimers({ now: new Date('2026-11-22T19:00:00.100Z') });
    try {
      operation.recommend(request);
      operation.recommend(other);
      expect(windowCalls.sort()).toEqual(['DE', 'FR']);
      intensityState.dataVersion = 2;
      operation.recommend(request);
      expect(windowCalls).toHaveLength(4);
      import.meta.jest.setSystemTime(new Date('2026-11-22T19:00:01.000Z'));
      operation.recommend(request);
      expect(windowCalls).toHaveLength(6);
    } finally {
      import.meta.jest.useRealTimers();
    }
  });

  it('computes a question asked again within the second once, and counts every answer served', () => {
    const { operation, events, windowCalls, intensityState } = setUp();
    const request = validated({ viewerCountry: 'FR', durationMinutes: 60 });
    const served: string[] = [];
    events.on(RECOMMENDATION_SERVED, (payload) => served.push(payload.regionId));
    import.meta.jest.useFakeTimers({ now: new Date('2026-11-22T19:00:00.100Z') });
    try {
      const first = operation.recommendThisSecond(request);
      expect(first.recommendation.regionId).toBe('aws:eu-west-3');
      expect(operation.recommendThisSecond(request)).toBe(first);
      expect(windowCalls).toHaveLength(2);
      expect(served).toEqual(['aws:eu-west-3', 'aws:eu-west-3']);

      // New intensities: computed again at once, within the same second.
      GRAMS_PER_KWH.FR = 500;
      intensityState.dataVersion = 2;
      const after = operation.recommendThisSecond(request);
      expect(after).not.toBe(first);
      expect(after.recommendation.regionId).toBe('aws:eu-central-1');
      expect(served).toEqual(['aws:eu-west-3', 'aws:eu-west-3', 'aws:eu-central-1']);

      // The next second: computed again.
      import.meta.jest.setSystemTime(new Date('2026-11-22T19:00:01.000Z'));
      const next = operation.recommendThisSecond(request);
      expect(next).not.toBe(after);
      expect(next.window.startAt).toBe('2026-11-22T19:00:01.000Z');
    } finally {
      GRAMS_PER_KWH.FR = 50;
      import.meta.jest.useRealTimers();
    }
  });

  it('does not keep a degraded answer (data still arriving)', () => {
    const { operation, intensityState } = setUp();
    intensityState.configured = false;
    const request = validated({ viewerCountry: 'FR', durationMinutes: 60 });
    const first = operation.recommendThisSecond(request);
    expect(first.degraded).toBe(true);
    expect(operation.recommendThisSecond(request)).not.toBe(first);
  });
});
