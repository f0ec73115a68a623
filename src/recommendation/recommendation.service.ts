import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InvalidInputError, UnprocessableError } from '../platform/kernel/errors.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import type { FootprintModel } from '../footprint/domain/coefficients.js';
import { dataVolume } from '../footprint/domain/data-volume.js';
import { estimateFootprint } from '../footprint/domain/models.js';
import type { Country } from '../geo/domain/countries.js';
import { locateViewer, type ViewerPosition } from '../geo/domain/viewer-location.js';
import {
  buildLatencyGraph,
  LatencyGraph,
  LatencyLink,
  LatencyModel,
  viewerLatencies,
  ViewerLatencies,
} from '../geo/domain/latency.js';
import { GeoService } from '../geo/geo.service.js';
import { isDegradedAnswer, isDegradedSource } from '../intensity/domain/degraded.js';
import { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import type { Catalogue } from '../regions/domain/catalogue.js';
import { CATALOGUE_CHANGED } from '../regions/regions.events.js';
import { EventBus } from '../platform/events/event-bus.js';
import { RECOMMENDATION_SERVED } from './recommendation.events.js';
import { candidateStarts, latestStart, lowestStart, parseWithin } from './domain/best-window.js';
import {
  CountryRequiredError,
  DEFAULT_MAX_LATENCY_MS,
  Eligibility,
  EligibleRegion,
  ExcludedRegion,
  EligibilityRules,
  selectEligible,
} from './domain/eligibility.js';
import {
  isCloseCall,
  nearestCandidate,
  paretoFront,
  rankCandidates,
  Ranking,
  savingVersus,
  Scorable,
} from './domain/scoring.js';
import type { BestWindowQuery, RecommendQuery } from './http/recommend-query.dto.js';
import type {
  BestWindowDto,
  CandidateDto,
  RankingDto,
  RecommendationDto,
  ViewerDto,
  WindowChoiceDto,
} from './http/recommendation.dto.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../platform/kernel/time.js';

interface Viewer {
  country?: Country;
  dto: ViewerDto;
}

/** Everything derived from one catalogue: rebuilt when the catalogue changes, read by requests. */
interface Prepared {
  catalogue: Catalogue;
  /** The measured links the graph was built from (GeoService loads them at start-up). */
  links: readonly LatencyLink[];
  graph: LatencyGraph;
  /** Mean position of each zone's regions, to place a viewer known only by zone. */
  zonePositions: ReadonlyMap<string, { latitude: number; longitude: number }>;
  providerIds: ReadonlySet<string>;
  /** Per viewer position. */
  latencies: Map<string, ViewerLatencies>;
  /** Per viewer position and rules. */
  eligibility: Map<string, Eligibility>;
  /** Data-centre kWh per model, duration, volume and PUE. */
  energy: Map<string, number>;
  /** Per validated query object. */
  plans: WeakMap<RecommendQuery, Plan>;
}

interface Plan {
  rules: EligibilityRules;
  viewer: Viewer;
  ranking: Ranking;
  rankingDto: RankingDto;
  excluded: ExcludedRegion[];
  model: FootprintModel;
  dataVolumeGb: number;
  items: ScoredRegion[];
  /** The eligible region nearest the viewer: the baseline of the saving. */
  nearest: ScoredRegion;
}

/** Distinct viewers / rule sets / energy inputs remembered per catalogue (oldest forgotten first). */
const CACHE_SIZE = 2000;
const DEFAULT_LIMIT = 5;
const DEFAULT_WITHIN = '24h';

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** An eligible region with its figures for this request, as the ranking sees it. */
interface ScoredRegion extends Scorable {
  eligible: EligibleRegion;
  intensity: WindowIntensityValue;
  energyKwh: number;
}

function candidateDto(item: ScoredRegion): CandidateDto {
  const { region } = item.eligible;
  return {
    regionId: region.id,
    provider: region.provider,
    displayName: region.displayName,
    countryCode: region.countryCode,
    zone: region.zone,
    distanceKm: round1(item.distanceKm),
    estimatedRttMs: round1(item.estimatedRttMs),
    intensity: item.intensity,
    pue: region.pue,
    dataCentreEnergyKwh: item.energyKwh,
    emissionsG: item.emissionsG,
    costUsd: item.costUsd,
    egressUsdPerGb: region.egressUsdPerGb,
    score: item.score,
  };
}

interface CachedWindow {
  value: WindowIntensityValue;
  isDegraded: boolean;
}

/**
 * GET /recommend and GET /recommend/window. The catalogue, the latency graph and per-viewer
 * round trips live in memory (rebuilt when the catalogue changes) and intensities come from the
 * snapshot: a warm request makes no SQL query and no upstream call.
 */
@Injectable()
export class RecommendationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecommendationService.name);
  private readonly latencyModel: LatencyModel;
  private prepared: Prepared | undefined;
  /**
   * Window averages by window and zone, for the current second and snapshot version only: a
   * window's value changes when the snapshot does (versioned) or as time passes (live turning
   * stale), so a value is reused for at most a second and never across a snapshot change.
   */
  private windowCache = { second: -1, version: -1, byWindow: new Map<string, Map<string, CachedWindow>>() };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
    private readonly intensity: IntensityService,
    private readonly events: EventBus,
  ) {
    this.latencyModel = {
      baseMs: config.latencyBaseMs,
      msPer100Km: config.latencyMsPer100Km,
      accessMs: config.latencyAccessMs,
    };
    // Rebuilt as soon as the catalogue changes: no request sees the graph of an old catalogue,
    // and the first request after a change does not pay for the build.
    this.events.on(CATALOGUE_CHANGED, () => {
      this.prepared = undefined;
      this.current();
    });
  }

  onApplicationBootstrap(): void {
    this.current();
  }

  recommend(query: RecommendQuery): RecommendationDto {
    const prepared = this.current();
    const plan = prepared.plans.get(query) ?? this.plan(query, prepared);
    const { items, rules, ranking, model, dataVolumeGb } = plan;
    const now = new Date();
    // "Now" to the second: requests of the same second share their window averages (see windowsOf).
    const startAt = query.startAt ?? new Date(Math.floor(now.getTime() / 1000) * 1000);
    const endAt = new Date(startAt.getTime() + query.durationMinutes * MS_PER_MINUTE);
    const windows = this.windowsOf(startAt, endAt, now);
    let degraded = !this.intensity.isConfigured();

    // The plan's items are reused: scored afresh here, read synchronously below, never kept.
    for (const item of items) {
      const zone = item.eligible.region.zone;
      let window = windows.get(zone);
      if (!window) {
        const value = this.intensity.window(zone, startAt, endAt, now);
        window = { value, isDegraded: value.sources.some(isDegradedSource) };
        windows.set(zone, window);
      }
      if (window.isDegraded) degraded = true;
      item.intensity = window.value;
      item.emissionsG = item.energyKwh * window.value.gCo2ePerKwh;
    }

    const limit = query.limit ?? DEFAULT_LIMIT;
    // The runner-up too, for closeCall.
    const ranked = rankCandidates(items, ranking, Math.max(limit, 2));
    const top = ranked.slice(0, limit).map(candidateDto);
    const best = ranked[0];
    const nearest = plan.nearest;
    const savings = savingVersus(best, nearest);
    this.events.emit(RECOMMENDATION_SERVED, {
      model,
      eligibility: rules.mode,
      regionId: best.id,
      versusRegionId: nearest.id,
      gramsAvoided: savings.emissionsG,
    });
    return {
      recommendation: top[0],
      candidates: top,
      paretoFront: paretoFront(items),
      excluded: plan.excluded,
      savings,
      window: { startAt: startAt.toISOString(), endAt: endAt.toISOString() },
      closeCall: isCloseCall(ranked, ranking),
      model,
      dataVolumeGb,
      eligibility: rules.mode,
      maxLatencyMs: rules.mode === 'latency' ? rules.maxLatencyMs : null,
      ranking: plan.rankingDto,
      viewer: plan.viewer.dto,
      eligibleCount: items.length,
      degraded,
    };
  }

  /**
   * Everything about a query that does not depend on the time or the intensities: the viewer,
   * the rules, the eligible regions with their energy and cost. Remembered per validated query
   * object (the validation pipe hands out one frozen object per distinct query string).
   */
  private plan(query: RecommendQuery, prepared: Prepared): Plan {
    const rules = this.rules(query, prepared);
    const viewer = this.viewer(query, prepared);
    const ranking = this.ranking(query);
    const eligibility = this.eligibility(prepared, viewer, rules);
    if (eligibility.eligible.length === 0) throw this.noEligibleRegion(viewer, rules, eligibility);
    const { dataVolumeGb } = dataVolume({
      durationMinutes: query.durationMinutes,
      resolution: query.resolution,
      bitrateMbps: query.bitrateMbps,
      dataVolumeGb: query.dataVolumeGb,
    });
    const model = query.model ?? '1byte';
    const items: ScoredRegion[] = eligibility.eligible.map((eligible) => {
      const { region } = eligible;
      return {
        id: region.id,
        emissionsG: 0,
        costUsd: region.egressUsdPerGb === null ? null : dataVolumeGb * region.egressUsdPerGb,
        estimatedRttMs: eligible.estimatedRttMs,
        distanceKm: eligible.distanceKm,
        eligible,
        intensity: undefined as unknown as WindowIntensityValue,
        energyKwh: this.dataCentreKwh(prepared, model, query.durationMinutes, dataVolumeGb, region.pue),
        score: 0,
      };
    });
    const plan: Plan = {
      rules,
      viewer,
      ranking,
      rankingDto: {
        by: ranking.by,
        carbonPriceUsdPerTonne: ranking.by === 'carbon-price' ? ranking.usdPerTonne : null,
        costWeight: ranking.by === 'cost-weight' ? ranking.costWeight : null,
      },
      excluded: eligibility.excluded,
      model,
      dataVolumeGb,
      items,
      nearest: nearestCandidate(items) as ScoredRegion,
    };
    if (Object.isFrozen(query)) prepared.plans.set(query, plan);
    return plan;
  }

  /** The start, within `within` and the forecast horizon, with the lowest window average. */
  async bestWindow(query: BestWindowQuery): Promise<BestWindowDto> {
    const { zone, regionId } = this.windowZone(query);
    const withinMs = parseWithin(query.within ?? DEFAULT_WITHIN);
    await this.intensity.ensureZone(zone);
    const now = new Date();
    const nowMs = now.getTime();
    const durationMs = query.durationMinutes * MS_PER_MINUTE;
    const forecast = this.intensity.forecast(zone, now);
    const lastForecast = forecast[forecast.length - 1];
    const forecastEndMs = lastForecast ? Date.parse(lastForecast.datetime) + MS_PER_HOUR : undefined;
    const latestStartMs = latestStart(nowMs, durationMs, withinMs, forecastEndMs);
    const starts = candidateStarts(nowMs, durationMs, latestStartMs);
    const choice = (startMs: number): WindowChoiceDto => {
      const startAt = new Date(startMs);
      const endAt = new Date(startMs + durationMs);
      return {
        startAt: startAt.toISOString(),
        endAt: endAt.toISOString(),
        intensity: this.intensity.window(zone, startAt, endAt, now),
      };
    };
    const evaluated = new Map<number, WindowChoiceDto>();
    const best = lowestStart(starts, (startMs) => {
      const value = choice(startMs);
      evaluated.set(startMs, value);
      return value.intensity;
    });
    const startingNow = evaluated.get(nowMs) ?? choice(nowMs);
    const bestChoice = evaluated.get(best.startMs) as WindowChoiceDto;
    const savedPerKwh = startingNow.intensity.gCo2ePerKwh - bestChoice.intensity.gCo2ePerKwh;
    const degraded = isDegradedAnswer(this.intensity.isConfigured(), [
      ...bestChoice.intensity.sources,
      ...startingNow.intensity.sources,
    ]);
    return {
      zone,
      region: regionId,
      durationMinutes: query.durationMinutes,
      within: query.within ?? DEFAULT_WITHIN,
      best: bestChoice,
      now: startingNow,
      saving: {
        gCo2ePerKwh: savedPerKwh,
        percent:
          startingNow.intensity.gCo2ePerKwh > 0 ? (savedPerKwh / startingNow.intensity.gCo2ePerKwh) * 100 : 0,
      },
      waitMinutes: (best.startMs - nowMs) / MS_PER_MINUTE,
      latestStartAt: new Date(latestStartMs).toISOString(),
      startsEvaluated: starts.length,
      degraded,
    };
  }

  private windowZone(query: BestWindowQuery): { zone: string; regionId: string | null } {
    if (query.region !== undefined && query.zone !== undefined) {
      throw InvalidInputError.forField('zone', 'cannot be given together with region');
    }
    if (query.region !== undefined) {
      const region = this.catalogue.current().regionById.get(query.region);
      if (!region) throw InvalidInputError.forField('region', `is not a known region ('${query.region}')`);
      return { zone: region.zone, regionId: region.id };
    }
    if (query.zone !== undefined) {
      if (!this.intensity.isKnownZone(query.zone)) {
        throw InvalidInputError.forField('zone', `is not a known zone ('${query.zone}')`);
      }
      return { zone: query.zone, regionId: null };
    }
    throw InvalidInputError.forField('region', 'or zone is required');
  }

  private windowsOf(from: Date, to: Date, now: Date): Map<string, CachedWindow> {
    const second = Math.floor(now.getTime() / 1000);
    const version = this.intensity.dataVersion;
    if (second !== this.windowCache.second || version !== this.windowCache.version) {
      this.windowCache = { second, version, byWindow: new Map() };
    }
    const key = `${from.getTime()}|${to.getTime()}`;
    let zones = this.windowCache.byWindow.get(key);
    if (!zones) {
      if (this.windowCache.byWindow.size >= CACHE_SIZE) this.windowCache.byWindow.clear();
      zones = new Map();
      this.windowCache.byWindow.set(key, zones);
    }
    return zones;
  }

  private current(): Prepared {
    const links = this.geo.regionLinks();
    if (this.prepared && this.prepared.links === links) return this.prepared;
    const catalogue = this.catalogue.current();
    const positions = new Map<string, { latitude: number; longitude: number; count: number }>();
    for (const region of catalogue.regions) {
      const position = positions.get(region.zone) ?? { latitude: 0, longitude: 0, count: 0 };
      position.latitude += region.latitude;
      position.longitude += region.longitude;
      position.count++;
      positions.set(region.zone, position);
    }
    const prepared: Prepared = {
      catalogue,
      links,
      graph: buildLatencyGraph(catalogue.regions, links),
      zonePositions: new Map(
        [...positions].map(([zone, { latitude, longitude, count }]) => [
          zone,
          { latitude: latitude / count, longitude: longitude / count },
        ]),
      ),
      providerIds: new Set(catalogue.providers.map((provider) => provider.id)),
      latencies: new Map(),
      eligibility: new Map(),
      energy: new Map(),
      plans: new WeakMap(),
    };
    this.logger.log(
      `Recommendation graph built: ${catalogue.regions.length} regions, ${prepared.graph.targets.length / 2} measured links`,
    );
    this.prepared = prepared;
    return prepared;
  }

  private rules(query: RecommendQuery, prepared: Prepared): EligibilityRules {
    const mode = query.eligibility ?? 'neighbours';
    if (query.maxLatencyMs !== undefined && mode !== 'latency') {
      throw InvalidInputError.forField('maxLatencyMs', 'applies only with eligibility=latency');
    }
    let providers: Set<string> | undefined;
    if (query.providers !== undefined) {
      providers = new Set(query.providers.split(','));
      const unknown = [...providers].filter((provider) => !prepared.providerIds.has(provider));
      if (unknown.length > 0) {
        throw InvalidInputError.forField('providers', `has unknown provider ids: ${unknown.join(', ')}`);
      }
    }
    return {
      mode,
      maxLatencyMs: query.maxLatencyMs ?? DEFAULT_MAX_LATENCY_MS,
      providers,
      includeOptIn: query.includeOptIn ?? false,
      needsPrice:
        query.carbonPriceUsdPerTonne !== undefined ||
        (query.costWeight !== undefined && query.costWeight > 0),
    };
  }

  private ranking(query: RecommendQuery): Ranking {
    if (query.carbonPriceUsdPerTonne !== undefined && query.costWeight !== undefined) {
      throw InvalidInputError.forField('costWeight', 'cannot be given together with carbonPriceUsdPerTonne');
    }
    if (query.carbonPriceUsdPerTonne !== undefined) {
      return { by: 'carbon-price', usdPerTonne: query.carbonPriceUsdPerTonne };
    }
    if (query.costWeight !== undefined) return { by: 'cost-weight', costWeight: query.costWeight };
    return { by: 'emissions' };
  }

  /** Where the viewer is: coordinates, else the mean position of the zone's regions, else the country centroid. */
  private viewer(query: RecommendQuery, prepared: Prepared): Viewer {
    const { country, position } = locateViewer(
      query,
      {
        findCountry: (code) => this.geo.findCountry(code),
        isKnownZone: (zone) => this.intensity.isKnownZone(zone),
        zonePosition: (zone) => prepared.zonePositions.get(zone),
      },
      { acceptsCoordinates: true },
    );
    // With acceptsCoordinates, a located viewer always has a position.
    const { latitude, longitude, locatedBy } = position as ViewerPosition;
    return {
      country,
      dto: {
        countryCode: country?.code ?? null,
        zone: query.viewerZone ?? null,
        latitude,
        longitude,
        locatedBy,
      },
    };
  }

  private eligibility(prepared: Prepared, viewer: Viewer, rules: EligibilityRules): Eligibility {
    const { latitude, longitude } = viewer.dto;
    const key = `${rules.mode}|${viewer.country?.code ?? ''}|${latitude}|${longitude}|${rules.maxLatencyMs}|${
      rules.providers ? [...rules.providers].sort().join(',') : '*'
    }|${rules.includeOptIn}|${rules.needsPrice}`;
    const known = prepared.eligibility.get(key);
    if (known) return known;
    const positionKey = `${latitude}|${longitude}`;
    const latencies =
      prepared.latencies.get(positionKey) ??
      remember(
        prepared.latencies,
        positionKey,
        viewerLatencies(prepared.graph, latitude, longitude, this.latencyModel),
      );
    let eligibility: Eligibility;
    try {
      eligibility = selectEligible(prepared.catalogue.regions, latencies.distanceKm, latencies.rttMs, {
        ...rules,
        country: viewer.country,
      });
    } catch (error) {
      if (error instanceof CountryRequiredError) {
        throw InvalidInputError.forField(
          'viewerCountry',
          `is required for eligibility=${error.mode} (give viewerCountry or viewerZone, or use eligibility=latency)`,
        );
      }
      throw error;
    }
    return remember(prepared.eligibility, key, eligibility);
  }

  private dataCentreKwh(
    prepared: Prepared,
    model: FootprintModel,
    durationMinutes: number,
    dataVolumeGb: number,
    pue: number,
  ): number {
    const key = `${model}|${durationMinutes}|${dataVolumeGb}|${pue}`;
    const known = prepared.energy.get(key);
    if (known !== undefined) return known;
    // Device and connection do not enter the data-centre segment of any model.
    const estimate = estimateFootprint(model, {
      durationMinutes,
      dataVolumeGb,
      device: 'laptop',
      connection: 'wifi',
      dataCentrePue: pue,
    });
    return remember(prepared.energy, key, estimate.energyKwh.dataCentre);
  }

  private noEligibleRegion(
    viewer: Viewer,
    rules: EligibilityRules,
    eligibility: Eligibility,
  ): UnprocessableError {
    const counts = new Map<string, number>();
    for (const { reason } of eligibility.excluded) {
      // Latency reasons carry each region's figure: count them under one heading.
      const heading = reason.startsWith('estimated RTT')
        ? `estimated RTT above maxLatencyMs=${rules.maxLatencyMs}`
        : reason;
      counts.set(heading, (counts.get(heading) ?? 0) + 1);
    }
    const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, regions]) => ({ reason, regions }));
    const where = viewer.country ? `a viewer in ${viewer.country.code}` : 'this viewer';
    const summary = reasons.map(({ reason, regions }) => `${regions} ${reason}`).join('; ');
    const hint =
      rules.mode === 'latency'
        ? 'a larger maxLatencyMs, includeOptIn=true or fewer provider filters may help'
        : 'eligibility=latency (with a larger maxLatencyMs if needed), includeOptIn=true or fewer provider filters may help';
    return new UnprocessableError(
      `No eligible region for ${where} with eligibility=${rules.mode}: ${summary}. ${hint}`,
      { eligibility: rules.mode, viewer: viewer.dto, reasons },
    );
  }
}
