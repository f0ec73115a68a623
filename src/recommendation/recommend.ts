import { Injectable } from '@nestjs/common';
import { SecondCache } from '../platform/cache/second-cache.js';
import { EventBus } from '../platform/events/event-bus.js';
import { MS_PER_MINUTE } from '../platform/kernel/time.js';
import { dataVolume } from '../footprint/domain/data-volume.js';
import { estimateFootprint, segmentEmissions } from '../footprint/domain/models.js';
import { locateViewer, type ViewerPosition } from '../geo/domain/viewer-location.js';
import { GeoService } from '../geo/geo.service.js';
import { isDegradedSource } from '../intensity/domain/degraded.js';
import { IntensityService, WindowIntensityValue } from '../intensity/intensity.service.js';
import { CountryRequiredError, Eligibility, EligibilityRules } from './domain/eligibility.js';
import { noEligibleRegion } from './domain/no-eligible-region.js';
import {
  countryRequiredProblem,
  eligibilityRules,
  rankingOf,
  type RecommendRequest,
} from './domain/request-rules.js';
import {
  isCloseCall,
  nearestCandidate,
  offParetoFront,
  paretoFront,
  rankCandidates,
  savingVersus,
} from './domain/scoring.js';
import type { RecommendationDto } from './contract/recommendation.dto.js';
import { PreparedCatalogue, PreparedCatalogueStore } from './prepared-catalogue.js';
import type {
  PlannedRegion,
  RecommendationPlan,
  ScoredRegion,
  Viewer,
  ViewerSide,
} from './recommendation-plan.js';
import { candidateDto, rankingDto, viewerDto } from './recommendation.mapping.js';
import { RECOMMENDATION_SERVED, type ServedRecommendation } from './recommendation.events.js';

const DEFAULT_LIMIT = 5;
/** Distinct viewing windows whose averages are kept within one second. */
const WINDOWS_PER_SECOND = 2000;

/** Distinct steering questions whose ranked answer is kept within one second. */
const ANSWERS_PER_SECOND = 5000;
/** Estimated bytes of those answers at most (docs/OPERATIONS.md#limits). */
const ANSWERS_MAX_BYTES = 8 * 1024 * 1024;
/** Estimated bytes of an answer: its fixed parts, then per listed region (candidate, excluded, front). */
const ANSWER_BASE_BYTES = 2048;
const ANSWER_BYTES_PER_REGION = 512;

interface CachedWindow {
  value: WindowIntensityValue;
  isDegraded: boolean;
}

/** A ranked answer kept for the rest of its second. */
interface CachedAnswer {
  answer: RecommendationDto;
  /** What the answer achieved, emitted again for every call it serves (metrics count answers). */
  served: ServedRecommendation;
  /** The viewer's zone fetched on demand, kept fresh while the answer is in use. */
  viewerZone?: string;
}

/**
 * GET /recommend. The catalogue, the latency graph and per-viewer round trips live in memory
 * (PreparedCatalogueStore) and intensities come from the snapshot: a warm request makes no SQL
 * query and no upstream call.
 */
@Injectable()
export class RecommendOperation {
  /**
   * Window averages by window and zone, for the current second and snapshot version only: a
   * window's value changes when the snapshot does (versioned) or as time passes (live turning
   * stale), so a value is reused for at most a second and never across a snapshot change.
   */
  private readonly windowCache = new SecondCache<string, Map<string, CachedWindow>>(WINDOWS_PER_SECOND, {
    name: 'recommend_windows',
  });

  /**
   * Whole answers by frozen request, for the current second, graph and snapshot version only
   * (see SecondCache): steering asks the same question for every playback of a country.
   */
  private readonly answerCache = new SecondCache<RecommendRequest, CachedAnswer>(ANSWERS_PER_SECOND, {
    name: 'recommend_answers',
    maxBytes: ANSWERS_MAX_BYTES,
    sizeOf: ({ answer }) =>
      ANSWER_BASE_BYTES +
      ANSWER_BYTES_PER_REGION *
        (answer.candidates.length + answer.excluded.length + answer.paretoFront.length),
  });

  constructor(
    private readonly prepared: PreparedCatalogueStore,
    private readonly geo: GeoService,
    private readonly intensity: IntensityService,
    private readonly events: EventBus,
  ) {}

  /**
   * `recommend`, computed once per second for a frozen request starting now, while the graph and
   * the intensities are unchanged: the same answer as the first call of that second. Every call
   * emits RECOMMENDATION_SERVED, a hit with the payload of the call that computed the answer, so
   * the metrics count answers served, as before. The answer is shared: callers must not change it.
   */
  recommendThisSecond(request: RecommendRequest): RecommendationDto {
    if (request.startAt !== undefined) return this.recommend(request);
    const nowMs = Date.now();
    const prepared = this.prepared.current();
    const version = this.intensity.dataVersion;
    const cached = this.answerCache.get(request, nowMs, prepared, version);
    if (cached) {
      if (cached.viewerZone !== undefined) void this.intensity.ensureZone(cached.viewerZone);
      this.events.emit(RECOMMENDATION_SERVED, cached.served);
      return cached.answer;
    }
    // Errors (no region within the budget) and degraded answers (data still arriving) are not kept.
    let served: ServedRecommendation | undefined;
    const answer = this.recommend(request, nowMs, (payload) => (served = payload));
    if (!answer.degraded && served) {
      const viewerZone = prepared.plans.get(request)?.viewerSide?.zone;
      this.answerCache.set(request, { answer, served, viewerZone }, nowMs, prepared, version);
    }
    return answer;
  }

  /** `onServed` sees the RECOMMENDATION_SERVED payload (emitted too). */
  recommend(
    request: RecommendRequest,
    nowMs = Date.now(),
    onServed?: (served: ServedRecommendation) => void,
  ): RecommendationDto {
    const prepared = this.prepared.current();
    const plan = prepared.plans.get(request) ?? this.plan(request, prepared);
    const { rules, mode, ranking, model, dataVolumeGb } = plan;
    const now = new Date(nowMs);
    // "Now" to the second: requests of the same second share their window averages (see windowsOf).
    const startAt = request.startAt ?? new Date(Math.floor(now.getTime() / 1000) * 1000);
    const endAt = new Date(startAt.getTime() + request.durationMinutes * MS_PER_MINUTE);
    // The viewer's zone (whole-view saving) may be outside the catalogue: fetched on demand in the
    // background, then kept fresh while in use; never waited for (a warm request stays synchronous).
    if (plan.viewerSide) void this.intensity.ensureZone(plan.viewerSide.zone);
    const windows = this.windowsOf(startAt, endAt, now);
    let degraded = !this.intensity.isConfigured();
    const windowOf = (zone: string): CachedWindow => {
      let window = windows.get(zone);
      if (!window) {
        const value = this.intensity.window(zone, startAt, endAt, now);
        window = { value, isDegraded: value.sources.some(isDegradedSource) };
        windows.set(zone, window);
      }
      return window;
    };

    const scored: ScoredRegion[] = [];
    for (const planned of plan.regions) {
      const window = windowOf(planned.eligible.region.zone);
      if (window.isDegraded) degraded = true;
      scored.push({
        id: planned.id,
        emissionsG: planned.energyKwh * window.value.gCo2ePerKwh,
        costUsd: planned.costUsd,
        estimatedRttMs: planned.estimatedRttMs,
        distanceKm: planned.distanceKm,
        pue: planned.pue,
        score: 0,
        planned,
        intensity: window.value,
      });
    }

    const limit = request.limit ?? DEFAULT_LIMIT;
    // The runner-up too, for closeCall.
    const ranked = rankCandidates(scored, ranking, Math.max(limit, 2));
    const top = ranked.slice(0, limit).map(candidateDto);
    const best = ranked[0];
    const nearest = scored[plan.nearestIndex];
    const savings = savingVersus(best, nearest, this.viewerSideG(plan.viewerSide, windowOf));
    const served: ServedRecommendation = {
      model,
      eligibility: mode,
      regionId: best.id,
      versusRegionId: nearest.id,
      gramsAvoided: savings.emissionsG,
    };
    this.events.emit(RECOMMENDATION_SERVED, served);
    onServed?.(served);
    const front = paretoFront(scored);
    return {
      recommendation: top[0],
      candidates: top,
      paretoFront: front,
      offParetoFront: offParetoFront(best, front, scored),
      excluded: plan.excluded,
      savings,
      window: { startAt: startAt.toISOString(), endAt: endAt.toISOString() },
      closeCall: isCloseCall(ranked, ranking),
      model,
      dataVolumeGb,
      eligibility: mode,
      eligibilityFallback: mode !== rules.mode,
      maxLatencyMs: rules.latencyBudget || mode === 'latency' ? rules.maxLatencyMs : null,
      ranking: plan.rankingDto,
      viewer: plan.viewer.dto,
      eligibleCount: scored.length,
      degraded,
    };
  }

  /**
   * The request's plan, remembered per validated query object (the validation pipe hands out
   * one frozen object per distinct query string) until the catalogue changes.
   */
  private plan(request: RecommendRequest, prepared: PreparedCatalogue): RecommendationPlan {
    const rules = eligibilityRules(request, prepared.providerIds);
    const viewer = this.viewer(request, prepared);
    const ranking = rankingOf(request);
    const eligibility = restrictedTo(this.eligibility(prepared, viewer, rules), request.regionIds);
    if (eligibility.eligible.length === 0) {
      throw noEligibleRegion(viewer.dto, { ...rules, mode: eligibility.mode }, eligibility.excluded);
    }
    const { dataVolumeGb } = dataVolume({
      durationMinutes: request.durationMinutes,
      resolution: request.resolution,
      bitrateMbps: request.bitrateMbps,
      dataVolumeGb: request.dataVolumeGb,
    });
    const model = request.model ?? '1byte';
    const regions: PlannedRegion[] = eligibility.eligible.map((eligible) => {
      const { region } = eligible;
      return {
        id: region.id,
        eligible,
        distanceKm: eligible.distanceKm,
        estimatedRttMs: eligible.estimatedRttMs,
        energyKwh: prepared.dataCentreKwh(model, request.durationMinutes, dataVolumeGb, region.pue),
        costUsd: region.egressUsdPerGb === null ? null : dataVolumeGb * region.egressUsdPerGb,
        pue: region.pue,
      };
    });
    const plan: RecommendationPlan = {
      rules,
      mode: eligibility.mode,
      viewer,
      viewerSide: this.viewerSide(request, model, dataVolumeGb, viewer.zone),
      ranking,
      rankingDto: rankingDto(ranking),
      excluded: eligibility.excluded,
      model,
      dataVolumeGb,
      regions,
      // There is one: eligibility is not empty.
      nearestIndex: regions.indexOf(nearestCandidate(regions) as PlannedRegion),
    };
    if (Object.isFrozen(request)) prepared.plans.set(request, plan);
    return plan;
  }

  /** Where the viewer is: coordinates, else the mean position of the zone's regions, else the country centroid. */
  private viewer(request: RecommendRequest, prepared: PreparedCatalogue): Viewer {
    const { country, zone, position } = locateViewer(
      request,
      {
        findCountry: (code) => this.geo.findCountry(code),
        isKnownZone: (zone) => this.intensity.isKnownZone(zone),
        zonePosition: (zone) => prepared.zonePositions.get(zone),
      },
      { acceptsCoordinates: true },
    );
    // With acceptsCoordinates, a located viewer always has a position.
    return {
      country,
      zone,
      dto: viewerDto(country, request.viewerZone, request.viewerSubdivision, position as ViewerPosition),
    };
  }

  /** Network, device and embodied energy of the view: the viewer's side, whatever the region. */
  private viewerSide(
    request: RecommendRequest,
    model: RecommendationPlan['model'],
    dataVolumeGb: number,
    zone: string | undefined,
  ): ViewerSide | undefined {
    if (zone === undefined) return undefined;
    const { energyKwh } = estimateFootprint(model, {
      durationMinutes: request.durationMinutes,
      dataVolumeGb,
      device: request.device ?? 'laptop',
      connection: request.connection ?? 'wifi',
    });
    const embodiedG = segmentEmissions(
      { ...energyKwh, dataCentre: 0, network: 0, device: 0 },
      { dataCentre: 0, viewer: 0 },
      model,
    ).embodied;
    return { zone, energyKwh: energyKwh.network + energyKwh.device, embodiedG };
  }

  private viewerSideG(side: ViewerSide | undefined, windowOf: (zone: string) => CachedWindow): number {
    if (!side) return 0;
    return side.energyKwh * windowOf(side.zone).value.gCo2ePerKwh + side.embodiedG;
  }

  private eligibility(prepared: PreparedCatalogue, viewer: Viewer, rules: EligibilityRules): Eligibility {
    const { latitude, longitude } = viewer.dto;
    try {
      return prepared.eligibility(rules, viewer.country, latitude, longitude);
    } catch (error) {
      if (error instanceof CountryRequiredError) throw countryRequiredProblem(error);
      throw error;
    }
  }

  private windowsOf(from: Date, to: Date, now: Date): Map<string, CachedWindow> {
    const nowMs = now.getTime();
    const version = this.intensity.dataVersion;
    const key = `${from.getTime()}|${to.getTime()}`;
    let zones = this.windowCache.get(key, nowMs, version);
    if (!zones) {
      zones = new Map();
      this.windowCache.set(key, zones, nowMs, version);
    }
    return zones;
  }
}

/** Only the regions asked for, when the request names some (steering's origins). */
function restrictedTo(eligibility: Eligibility, regionIds: ReadonlySet<string> | undefined): Eligibility {
  if (regionIds === undefined) return eligibility;
  return {
    ...eligibility,
    eligible: eligibility.eligible.filter((eligible) => regionIds.has(eligible.region.id)),
    excluded: eligibility.excluded.filter((excluded) => regionIds.has(excluded.regionId)),
  };
}
