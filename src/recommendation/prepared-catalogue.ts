import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BoundedCache } from '../platform/cache/bounded-cache.js';
import { stringBytes } from '../platform/cache/cache-sizes.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import type { FootprintModel } from '../footprint/domain/coefficients.js';
import { estimateFootprint } from '../footprint/domain/models.js';
import type { Country } from '../geo/domain/countries.js';
import {
  buildLatencyGraph,
  LatencyGraph,
  LatencyLink,
  LatencyModel,
  viewerLatencies,
  ViewerLatencies,
  latencyModelOf,
} from '../geo/domain/latency.js';
import { GeoService } from '../geo/geo.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import type { LatencyMatrix } from '../latency/domain/latency-matrix.js';
import { LatencyService } from '../latency/latency.service.js';
import type { Catalogue } from '../regions/domain/catalogue.js';
import { CATALOGUE_CHANGED } from '../regions/regions.events.js';
import { Eligibility, EligibilityRules, selectEligible } from './domain/eligibility.js';
import type { RecommendRequest } from './domain/request-rules.js';
import type { RecommendationPlan } from './recommendation-plan.js';

/** Distinct viewers / rule sets / energy inputs remembered per catalogue (oldest forgotten first). */
const CACHE_SIZE = 2000;
/** Estimated bytes each of the three caches keeps at most (docs/OPERATIONS.md#limits). */
const CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** Estimated bytes of one region's entry in a viewer's latencies and in an eligibility. */
const BYTES_PER_REGION = { latencies: 64, eligibility: 160 };

interface Position {
  latitude: number;
  longitude: number;
}

/**
 * Everything derived from one catalogue and the measured region links: built once, read by
 * requests, replaced as a whole (caches included) when either changes.
 */
export class PreparedCatalogue {
  readonly graph: LatencyGraph;
  /** Mean position of each zone's regions, to place a viewer known only by zone. */
  readonly zonePositions: ReadonlyMap<string, Position>;
  readonly providerIds: ReadonlySet<string>;
  /**
   * Per validated query object (the validation pipe hands out one frozen object per distinct
   * query string): weak, so a plan is kept no longer than the pipe keeps its query.
   */
  readonly plans = new WeakMap<RecommendRequest, RecommendationPlan>();
  /** Per viewer position. */
  private readonly latencies = new BoundedCache<string, ViewerLatencies>(CACHE_SIZE, {
    name: 'recommend_viewer_latencies',
    maxBytes: CACHE_MAX_BYTES,
    sizeOf: (key) => stringBytes(key) + this.catalogue.regions.length * BYTES_PER_REGION.latencies,
  });
  /** Per viewer position and rules. */
  private readonly eligibilities = new BoundedCache<string, Eligibility>(CACHE_SIZE, {
    name: 'recommend_eligibilities',
    maxBytes: CACHE_MAX_BYTES,
    sizeOf: (key, value) =>
      stringBytes(key) + (value.eligible.length + value.excluded.length) * BYTES_PER_REGION.eligibility,
  });
  /** Data-centre kWh per model, duration, volume and PUE. */
  private readonly energies = new BoundedCache<string, number>(CACHE_SIZE, {
    name: 'recommend_energies',
    maxBytes: CACHE_MAX_BYTES,
  });

  constructor(
    readonly catalogue: Catalogue,
    /** The measured links the graph was built from (GeoService loads them at start-up). */
    readonly links: readonly LatencyLink[],
    private readonly latencyModel: LatencyModel,
    /** The measured round trips in force (docs/LATENCY.md): a new matrix version rebuilds the whole. */
    readonly measured: LatencyMatrix,
  ) {
    this.graph = buildLatencyGraph(catalogue.regions, links);
    this.zonePositions = meanZonePositions(catalogue);
    this.providerIds = new Set(catalogue.providers.map((provider) => provider.id));
  }

  /** Throws the domain's CountryRequiredError when the rules need a country and none is given. */
  eligibility(
    rules: EligibilityRules,
    country: Country | undefined,
    latitude: number,
    longitude: number,
  ): Eligibility {
    const key = `${rules.mode}|${country?.code ?? ''}|${latitude}|${longitude}|${rules.maxLatencyMs}|${
      rules.providers ? [...rules.providers].sort().join(',') : '*'
    }|${rules.includeOptIn}|${rules.needsPrice}|${rules.latencyBudget}|${rules.fallbackToLatency}`;
    const known = this.eligibilities.get(key);
    if (known) return known;
    const positionKey = `${latitude}|${longitude}`;
    const latencies =
      this.latencies.get(positionKey) ??
      this.latencies.set(positionKey, viewerLatencies(this.graph, latitude, longitude, this.latencyModel));
    const eligibility = selectEligible(
      this.catalogue.regions,
      latencies.distanceKm,
      latencies.rttMs,
      { ...rules, country },
      country ? this.measured.byCountry.get(country.code) : undefined,
    );
    return this.eligibilities.set(key, eligibility);
  }

  dataCentreKwh(model: FootprintModel, durationMinutes: number, dataVolumeGb: number, pue: number): number {
    const key = `${model}|${durationMinutes}|${dataVolumeGb}|${pue}`;
    const known = this.energies.get(key);
    if (known !== undefined) return known;
    // Device and connection do not enter the data-centre segment of any model.
    const estimate = estimateFootprint(model, {
      durationMinutes,
      dataVolumeGb,
      device: 'laptop',
      connection: 'wifi',
      dataCentrePue: pue,
    });
    return this.energies.set(key, estimate.energyKwh.dataCentre);
  }
}

function meanZonePositions(catalogue: Catalogue): Map<string, Position> {
  const sums = new Map<string, { latitude: number; longitude: number; count: number }>();
  for (const region of catalogue.regions) {
    const sum = sums.get(region.zone) ?? { latitude: 0, longitude: 0, count: 0 };
    sum.latitude += region.latitude;
    sum.longitude += region.longitude;
    sum.count++;
    sums.set(region.zone, sum);
  }
  return new Map(
    [...sums].map(([zone, { latitude, longitude, count }]) => [
      zone,
      { latitude: latitude / count, longitude: longitude / count },
    ]),
  );
}

/**
 * The prepared catalogue /recommend reads: in memory, so that a warm request makes no SQL query,
 * and rebuilt as soon as the catalogue or the measured links change.
 */
@Injectable()
export class PreparedCatalogueStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(PreparedCatalogueStore.name);
  private readonly latencyModel: LatencyModel;
  private prepared: PreparedCatalogue | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
    private readonly latency: LatencyService,
    events: EventBus,
  ) {
    this.latencyModel = latencyModelOf(config);
    // Rebuilt as soon as the catalogue changes: no request sees the graph of an old catalogue,
    // and the first request after a change does not pay for the build.
    events.on(CATALOGUE_CHANGED, () => {
      this.prepared = undefined;
      this.current();
    });
  }

  onApplicationBootstrap(): void {
    this.current();
  }

  current(): PreparedCatalogue {
    const links = this.geo.regionLinks();
    const measured = this.latency.matrix();
    if (this.prepared && this.prepared.links === links && this.prepared.measured.version === measured.version)
      return this.prepared;
    const catalogue = this.catalogue.current();
    const prepared = new PreparedCatalogue(catalogue, links, this.latencyModel, measured);
    // A change of the measured round trips alone rebuilds quietly (it may happen every LATENCY_REFRESH_MS).
    if (this.prepared?.links !== links || this.prepared.catalogue !== catalogue) {
      this.logger.log(
        `Recommendation graph built: ${catalogue.regions.length} regions, ${prepared.graph.targets.length / 2} measured links`,
      );
    }
    this.prepared = prepared;
    return prepared;
  }
}
