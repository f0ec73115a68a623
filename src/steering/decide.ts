import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { BoundedCache } from '../platform/cache/bounded-cache.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import {
  InvalidInputError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../platform/kernel/errors.js';
import { greatCircleKm } from '../geo/domain/distance.js';
import { GeoService } from '../geo/geo.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { CLOSE_CALL_SHARE } from '../recommendation/domain/scoring.js';
import type { RecommendRequest } from '../recommendation/domain/request-rules.js';
import type { CandidateDto, RecommendationDto } from '../recommendation/contract/recommendation.dto.js';
import { RecommendationService } from '../recommendation/recommendation.service.js';
import { OriginHealthService } from '../origin-health/origin-health.service.js';
import type { RttSource } from '../latency/domain/ewma.js';
import { IpCountryDatabase } from './adapters/ip-country-database.js';
import { chooseOrigin, OriginOption } from './domain/choose-origin.js';
import type { ActiveOrigin, DeliveryService } from './domain/delivery-service.js';
import type { CandidateRecord, DecisionRecord } from './domain/decision-record.js';
import { SESSION_ID_PATTERN } from './domain/session-id.js';
import { isoTimestamp } from './domain/iso-timestamp.js';
import { expandUrl } from './domain/url-template.js';
import { locateFromHints, LocatedViewer } from './domain/viewer-hints.js';
import { DecisionLog } from './decision-log.js';
import { SessionTable, type SessionEntry } from './session-table.js';
import { ServiceDirectoryStore } from './service-directory.store.js';
import type { SteeringDecision, SteeringLocation, SteeringRequest } from './steering-decision.js';
import { STEERING_DECIDED } from './steering.events.js';

const DEFAULT_DURATION_MINUTES = 60;
/** Distinct (service, viewer, video length) questions whose recommendation plan is kept. */
const REQUESTS_KEPT = 5000;

interface Scored {
  origin: ActiveOrigin;
  candidate?: CandidateDto;
  /** The candidate's place in the recommendation's order; MAX_SAFE_INTEGER when not a candidate. */
  rank: number;
  excludedReason?: string;
  distanceKm: number;
  isAtCapacity: boolean;
  liveSessions: number;
  /** Down by origin health: skipped with `origin-down` (docs/LATENCY-AND-HEALTH.md). */
  isDown: boolean;
}

/**
 * The steering decision (docs/STEERING.md#the-decision), from memory: the service's origins are
 * ranked by the recommendation scoring (RecommendationService, restricted to their regions, with
 * latency eligibility and the budget), then capacity, near-ties, stickiness and the fail-open rule
 * pick one. The decision is queued for the log and counted; nothing here waits on SQL.
 */
@Injectable()
export class DecideOperation {
  private readonly switchThreshold: number;
  private readonly maxLatencyMs: number;
  private readonly defaultCountry: string | undefined;
  private requests = new BoundedCache<string, RecommendRequest>(REQUESTS_KEPT);
  private requestsVersion = -1;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly directory: ServiceDirectoryStore,
    private readonly recommendation: RecommendationService,
    private readonly geo: GeoService,
    private readonly catalogue: CatalogueService,
    private readonly ipDatabase: IpCountryDatabase,
    private readonly sessions: SessionTable,
    private readonly log: DecisionLog,
    private readonly events: EventBus,
    private readonly health: OriginHealthService,
  ) {
    this.switchThreshold = config.steeringSwitchThresholdPercent / 100;
    this.maxLatencyMs = config.steeringMaxLatencyMs;
    this.defaultCountry = config.steeringDefaultCountry;
  }

  decide(request: SteeringRequest): SteeringDecision {
    const startedAt = performance.now();
    const service = this.service(request.service);
    const origins = this.directory.current().activeOrigins.get(service.id) ?? [];
    if (origins.length === 0) {
      throw new ServiceUnavailableError(`Delivery service '${service.id}' has no enabled origin`, 30);
    }
    if (request.sessionId !== undefined && !SESSION_ID_PATTERN.test(request.sessionId)) {
      throw InvalidInputError.forField('sessionId', 'must be 1 to 128 characters among A-Z a-z 0-9 . _ ~ -');
    }
    const located = locateFromHints(request.viewer, {
      isKnownCountry: (code) => this.geo.findCountry(code) !== undefined,
      ipCountry: (address) => this.ipDatabase.countryOf(address),
      defaultCountry: this.defaultCountry,
    });
    const nowMs = Date.now();
    const isNewSession = request.sessionId === undefined;
    const sessionId = request.sessionId ?? randomBytes(16).toString('base64url');
    // A session id the decision issued is new to the table; one the player sent is looked up once.
    const known = isNewSession ? null : this.sessions.entryOf(service.id, sessionId);
    const currentOriginId = isNewSession ? undefined : this.currentOrigin(known, origins, request, nowMs);
    const recommendation =
      located.method === 'unlocated' ? undefined : this.rank(service, origins, located, request);
    const viewerPosition = recommendation?.viewer;
    const scored = origins.map((origin) => this.score(origin, recommendation, viewerPosition));
    // Eligible first, best first (recommendation's order), then the others by distance.
    scored.sort(
      (a, b) =>
        Number(a.isDown) - Number(b.isDown) ||
        a.rank - b.rank ||
        a.distanceKm - b.distanceKm ||
        (a.origin.id < b.origin.id ? -1 : 1),
    );
    const options: OriginOption[] = scored.map((item) => ({
      id: item.origin.id,
      isEligible: item.candidate !== undefined,
      emissionsG: item.candidate?.emissionsG ?? null,
      score: item.candidate?.score ?? null,
      distanceKm: item.distanceKm,
      isAtCapacity: item.isAtCapacity,
      isDown: item.isDown,
    }));
    const choice =
      located.method === 'unlocated'
        ? { index: 0, reason: 'unlocated' as const, switchedFrom: null, capacitySkips: [], tiedWith: [] }
        : chooseOrigin(options, currentOriginId, sessionId, {
            switchThreshold: this.switchThreshold,
            closeCallShare: CLOSE_CALL_SHARE,
          });
    const chosen = scored[choice.index];
    const session = this.sessions.touch(service.id, sessionId, chosen.origin.id, nowMs, known);
    const path = request.path ?? '';
    const locations = [chosen, ...scored.filter((item) => item !== chosen)].map((item) =>
      this.location(item, item === chosen, request.videoId, path, choice.capacitySkips),
    );
    const nearestEligible = nearestOf(scored.filter((item) => item.candidate !== undefined));
    const savings =
      nearestEligible?.candidate && chosen.candidate
        ? {
            versusOriginId: nearestEligible.origin.id,
            basis: 'nearest-eligible' as const,
            emissionsG: nearestEligible.candidate.emissionsG - chosen.candidate.emissionsG,
            percent:
              nearestEligible.candidate.emissionsG > 0
                ? ((nearestEligible.candidate.emissionsG - chosen.candidate.emissionsG) /
                    nearestEligible.candidate.emissionsG) *
                  100
                : 0,
          }
        : null;
    const decidedAt = new Date(nowMs);
    const durationMinutes = request.durationMinutes ?? DEFAULT_DURATION_MINUTES;
    const decision: SteeringDecision = {
      decisionId: randomUUID(),
      decidedAt: isoTimestamp(nowMs),
      service: service.id,
      videoId: request.videoId,
      sessionId,
      isNewSession,
      origin: locations[0],
      url: locations[0].url,
      locations,
      reason: choice.reason,
      switchedFrom: choice.switchedFrom,
      savings,
      closeCall: choice.tiedWith.length > 0,
      viewer: {
        countryCode: located.countryCode ?? null,
        zone: recommendation?.viewer.zone ?? null,
        latitude: viewerPosition?.latitude ?? null,
        longitude: viewerPosition?.longitude ?? null,
        locatedBy: located.method,
      },
      model: recommendation?.model ?? '1byte',
      maxLatencyMs: this.maxLatencyMs,
      window: recommendation?.window ?? {
        startAt: decidedAt.toISOString(),
        endAt: new Date(nowMs + durationMinutes * 60_000).toISOString(),
      },
      // Reference intensities only, or no intensity at all, when nothing was ranked.
      degraded: recommendation?.degraded ?? true,
      decideMs: 0,
    };
    if (this.log.isEnabled) {
      this.log.offer(this.record(decision, decidedAt, request, recommendation, session));
    }
    this.events.emit(STEERING_DECIDED, {
      serviceId: service.id,
      originId: chosen.origin.id,
      reason: choice.reason,
      channel: request.channel,
      gramsAvoided: savings?.emissionsG ?? null,
      isSwitch: choice.switchedFrom !== null,
      capacitySkips: choice.capacitySkips.length,
      degraded: decision.degraded,
    });
    decision.decideMs = performance.now() - startedAt;
    return decision;
  }

  private service(id: string | undefined): DeliveryService {
    const directory = this.directory.current();
    if (id === undefined) {
      const enabled = directory.enabledServiceIds;
      if (enabled.length !== 1) {
        throw InvalidInputError.forField(
          'service',
          enabled.length === 0
            ? 'is required: no delivery service is enabled'
            : `is required when several delivery services are enabled (${enabled.join(', ')})`,
        );
      }
      return directory.services.get(enabled[0]) as DeliveryService;
    }
    const service = directory.services.get(id);
    if (!service) throw new NotFoundError(`Unknown delivery service '${id}' (service)`);
    if (!service.enabled) throw new NotFoundError(`Delivery service '${id}' is disabled (service)`);
    return service;
  }

  /** The player's pathway when it names one of the service's origins, else what this instance remembers. */
  private currentOrigin(
    session: SessionEntry | null,
    origins: readonly ActiveOrigin[],
    request: SteeringRequest,
    nowMs: number,
  ): string | undefined {
    if (request.currentPathway !== undefined) {
      const onPathway = origins.find((origin) => origin.pathway === request.currentPathway);
      if (onPathway) return onPathway.id;
    }
    return this.sessions.originOfEntry(session, nowMs);
  }

  /** The recommendation over the service's origin regions; undefined when none is eligible. */
  private rank(
    service: DeliveryService,
    origins: readonly ActiveOrigin[],
    located: LocatedViewer,
    request: SteeringRequest,
  ): RecommendationDto | undefined {
    const directoryVersion = this.directory.current().version;
    if (directoryVersion !== this.requestsVersion) {
      this.requests = new BoundedCache<string, RecommendRequest>(REQUESTS_KEPT);
      this.requestsVersion = directoryVersion;
    }
    const durationMinutes = request.durationMinutes ?? DEFAULT_DURATION_MINUTES;
    const key = `${service.id}|${located.countryCode ?? ''}|${located.latitude ?? ''}|${located.longitude ?? ''}|${durationMinutes}|${request.resolution ?? ''}`;
    let recommendRequest = this.requests.get(key);
    if (!recommendRequest) {
      const regionIds = new Set(origins.map((origin) => origin.regionId));
      recommendRequest = Object.freeze({
        viewerCountry: located.countryCode,
        viewerLat: located.latitude,
        viewerLon: located.longitude,
        durationMinutes,
        resolution: request.resolution,
        eligibility: 'latency',
        maxLatencyMs: this.maxLatencyMs,
        // The operator put an origin there: its account has the opt-in region.
        includeOptIn: true,
        limit: regionIds.size,
        regionIds,
      } satisfies RecommendRequest);
      this.requests.set(key, recommendRequest);
    }
    try {
      return this.recommendation.recommendThisSecond(recommendRequest);
    } catch (error) {
      // No origin region within the budget: the caller fails open to the nearest origin.
      if (error instanceof UnprocessableError) return undefined;
      throw error;
    }
  }

  private score(
    origin: ActiveOrigin,
    recommendation: RecommendationDto | undefined,
    viewer: { latitude: number; longitude: number } | undefined,
  ): Scored {
    const rank = recommendation?.candidates.findIndex((item) => item.regionId === origin.regionId) ?? -1;
    const candidate = rank === -1 ? undefined : recommendation?.candidates[rank];
    const excludedReason = candidate
      ? undefined
      : (recommendation?.excluded.find((item) => item.regionId === origin.regionId)?.reason ??
        (this.catalogue.current().regionById.has(origin.regionId)
          ? `outside the latency budget of ${this.maxLatencyMs} ms`
          : `region ${origin.regionId} is not in the catalogue`));
    const region = this.catalogue.current().regionById.get(origin.regionId);
    const distanceKm =
      candidate?.distanceKm ??
      (region && viewer
        ? greatCircleKm(viewer.latitude, viewer.longitude, region.latitude, region.longitude)
        : Number.POSITIVE_INFINITY);
    const liveSessions = this.sessions.liveSessions(origin.serviceId, origin.id);
    return {
      isDown: this.health.isDown(origin.serviceId, origin.id),
      origin,
      candidate,
      rank: rank === -1 ? Number.MAX_SAFE_INTEGER : rank,
      excludedReason,
      distanceKm,
      liveSessions,
      isAtCapacity: origin.capacity !== null && liveSessions >= origin.capacity,
    };
  }

  private location(
    item: Scored,
    isChosen: boolean,
    videoId: string,
    path: string,
    capacitySkips: string[],
  ): SteeringLocation {
    const { origin, candidate } = item;
    const status = isChosen
      ? 'chosen'
      : item.isDown
        ? 'origin-down'
        : !candidate
          ? 'not-eligible'
          : item.isAtCapacity
            ? 'at-capacity'
            : 'eligible';
    const reason = isChosen
      ? item.isDown
        ? 'chosen although down: every origin of the service is down (fail open)'
        : 'chosen'
      : status === 'origin-down'
        ? this.downReason(origin)
        : status === 'not-eligible'
          ? (item.excludedReason ?? 'not eligible')
          : status === 'at-capacity'
            ? `at capacity: ${item.liveSessions} live sessions of ${origin.capacity}${capacitySkips.includes(origin.id) ? ' (skipped)' : ''}`
            : 'eligible, ranked lower';
    return {
      originId: origin.id,
      pathway: origin.pathway,
      regionId: origin.regionId,
      url: expandUrl(origin.compiled, { videoId, region: origin.regionId, path }),
      status,
      reason,
      intensity: candidate
        ? {
            zone: candidate.zone,
            gCo2ePerKwh: candidate.intensity.gCo2ePerKwh,
            source: candidate.intensity.source,
          }
        : null,
      estimatedRttMs: candidate?.estimatedRttMs ?? null,
      rttSource: candidate ? (candidate.rttSource as RttSource) : null,
      distanceKm: Number.isFinite(item.distanceKm) ? Math.round(item.distanceKm * 10) / 10 : null,
      emissionsG: candidate?.emissionsG ?? null,
      costUsd: candidate?.costUsd ?? null,
      score: candidate?.score ?? null,
      liveSessions: item.liveSessions,
      capacity: origin.capacity,
      rttSamples: candidate?.rttSamples ?? null,
    };
  }

  private downReason(origin: ActiveOrigin): string {
    const state = this.health.stateOf(origin.serviceId, origin.id);
    return state
      ? `origin-down: ${state.consecutiveFailures} failed probes in a row (last: ${state.lastOutcome}), down since ${state.changedAt}`
      : 'origin-down';
  }

  private record(
    decision: SteeringDecision,
    decidedAt: Date,
    request: SteeringRequest,
    recommendation: RecommendationDto | undefined,
    session: SessionEntry | null,
  ): DecisionRecord {
    const { origin, viewer, locations } = decision;
    // A location's stored fields follow from the answer, the directory and its status, but for its
    // live sessions (CandidateRecord): the order and statuses name the set within that answer.
    let setKey = '';
    const liveSessions: number[] = [];
    for (const location of locations) {
      setKey += location.originId + '\u0000' + location.status + '\u0001';
      liveSessions.push(location.liveSessions);
    }
    const candidateSet = this.log.candidateSets.idOf(
      decidedAt.getTime(),
      this.directory.current().version,
      recommendation ?? NO_RECOMMENDATION,
      setKey,
      () => locations.map(candidateOf),
    );
    return {
      decidedAt,
      decisionId: decision.decisionId,
      serviceId: decision.service,
      videoId: decision.videoId,
      sessionHash: this.sessions.hashOf(decision.service, decision.sessionId, session),
      isNewSession: decision.isNewSession,
      viewerCountry: viewer.countryCode,
      viewerZone: viewer.zone,
      viewerLat: viewer.latitude === null ? null : Math.round(viewer.latitude * 10) / 10,
      viewerLon: viewer.longitude === null ? null : Math.round(viewer.longitude * 10) / 10,
      locatedBy: viewer.locatedBy,
      originId: origin.originId,
      regionId: origin.regionId,
      pathway: origin.pathway,
      reason: decision.reason,
      switchedFrom: decision.switchedFrom,
      model: decision.model,
      degraded: decision.degraded,
      gramsAvoided: decision.savings?.emissionsG ?? null,
      throughputBps: request.throughputBps ?? null,
      channel: request.channel,
      instanceId: this.sessions.instanceId,
      candidateSet,
      liveSessions,
    };
  }
}

/** The answer key of the decisions ranked without a recommendation (unlocated, none in budget). */
const NO_RECOMMENDATION = Object.freeze({});

function candidateOf(location: SteeringLocation): CandidateRecord {
  return {
    originId: location.originId,
    regionId: location.regionId,
    pathway: location.pathway,
    status: location.status,
    zone: location.intensity?.zone ?? null,
    gCo2ePerKwh: location.intensity?.gCo2ePerKwh ?? null,
    intensitySource: location.intensity?.source ?? null,
    estimatedRttMs: location.estimatedRttMs,
    rttSource: location.rttSource,
    distanceKm: location.distanceKm,
    emissionsG: location.emissionsG,
    costUsd: location.costUsd,
    liveSessions: location.liveSessions,
    capacity: location.capacity,
  };
}

function nearestOf(items: readonly Scored[]): Scored | undefined {
  let best: Scored | undefined;
  for (const item of items) {
    if (
      !best ||
      item.distanceKm < best.distanceKm ||
      (item.distanceKm === best.distanceKm && item.origin.id < best.origin.id)
    )
      best = item;
  }
  return best;
}
