import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import type { Resolution } from '../footprint/domain/coefficients.js';
import { LatencyService } from '../latency/latency.service.js';
import { pathwayPriority, reloadUri } from './domain/content-steering.js';
import {
  dashSteeringManifest,
  parseDashPlayerReport,
  type DashSteeringManifest,
} from './domain/dash-steering-manifest.js';
import {
  hlsSteeringManifest,
  parseHlsPlayerReport,
  type HlsSteeringManifest,
  type PlayerReport,
} from './domain/hls-steering-manifest.js';
import type { ViewerHints } from './domain/viewer-hints.js';
import type { SteeringDecision } from './steering-decision.js';
import { SteeringService } from './steering.service.js';

/** A reload of a steering manifest, once its fields are well-formed (http/ gives their HTTP form). */
export interface ManifestRequest {
  service: string;
  videoId: string;
  sessionId?: string;
  viewerCountry?: string;
  viewerLat?: number;
  viewerLon?: number;
  durationMinutes?: number;
  resolution?: Resolution;
  headers?: ViewerHints['headers'];
  clientIp?: string;
}

export interface HlsManifestRequest extends ManifestRequest {
  _HLS_pathway?: string;
  _HLS_throughput?: string;
}

export interface DashManifestRequest extends ManifestRequest {
  _DASH_pathway?: string;
  _DASH_throughput?: string;
}

export interface SteeredManifest<M> {
  manifest: M;
  decision: SteeringDecision;
}

/** The query parameters of a steering URL that shape the decision, so the RELOAD-URI keeps them. */
const DECISION_PARAMETERS = [
  'viewerCountry',
  'viewerLat',
  'viewerLon',
  'durationMinutes',
  'resolution',
] as const;

/**
 * GET /steering/hls|dash/{service}/{videoId} (docs/CONTENT-STEERING.md): reads what the
 * player reports, asks the one steering decision (stickiness, capacity, near-ties, fail-open and the
 * decision log apply as for GET /video), and answers the ranked pathways as a steering manifest
 * whose RELOAD-URI carries the session id.
 */
@Injectable()
export class SteerManifestOperation {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly steering: SteeringService,
    private readonly latency: LatencyService,
  ) {
    this.ttlSeconds = config.steeringTtlSeconds;
  }

  hls(request: HlsManifestRequest): SteeredManifest<HlsSteeringManifest> {
    const report = parseHlsPlayerReport(request);
    const decision = this.decide(request, report, report.pathways[0], 'hls');
    return {
      decision,
      manifest: hlsSteeringManifest(
        this.ttlSeconds,
        this.reloadUri(request, decision),
        this.priority(decision),
      ),
    };
  }

  dash(request: DashManifestRequest): SteeredManifest<DashSteeringManifest> {
    const report = parseDashPlayerReport(request);
    // The DASH-IF reference player lists the location in use at the previous reload, then the ones it
    // moved to since: the last one is the one it uses now.
    const decision = this.decide(request, report, report.pathways.at(-1), 'dash');
    return {
      decision,
      manifest: dashSteeringManifest(
        this.ttlSeconds,
        this.reloadUri(request, decision),
        this.priority(decision),
      ),
    };
  }

  private decide(
    request: ManifestRequest,
    report: PlayerReport,
    currentPathway: string | undefined,
    channel: 'hls' | 'dash',
  ): SteeringDecision {
    const current = currentPathway === undefined ? -1 : report.pathways.lastIndexOf(currentPathway);
    const throughput = current >= 0 ? report.throughputBps[current] : report.throughputBps[0];
    const decision = this.steering.decide({
      service: request.service,
      videoId: request.videoId,
      viewer: {
        viewerCountry: request.viewerCountry,
        viewerLat: request.viewerLat,
        viewerLon: request.viewerLon,
        headers: request.headers,
        clientIp: request.clientIp,
      },
      sessionId: request.sessionId,
      throughputBps: throughput ?? undefined,
      currentPathway,
      durationMinutes: request.durationMinutes,
      resolution: request.resolution,
      channel,
    });
    if (throughput) this.reportThroughput(decision, currentPathway, throughput);
    return decision;
  }

  /**
   * The throughput the player measured on the pathway it was on counts as a sample of that
   * origin's region from the viewer's country, and labels the session's decisions there
   * (docs/LATENCY.md#player-throughput): queued in memory, written by the latency refresher.
   */
  private reportThroughput(
    decision: SteeringDecision,
    pathway: string | undefined,
    throughputBps: number,
  ): void {
    const countryCode = decision.viewer.countryCode;
    const origin = decision.locations.find((location) => location.pathway === pathway);
    if (!origin || countryCode === null || throughputBps < 1000) return;
    this.latency.offerThroughput({
      viewerCountry: countryCode,
      regionId: origin.regionId,
      throughputBps,
      sessionId: decision.sessionId,
      serviceId: decision.service,
      atMs: Date.parse(decision.decidedAt),
    });
  }

  /** Every enabled origin's pathway, ranked: eligible ones by carbon, the others after as fallbacks. */
  private priority(decision: SteeringDecision): string[] {
    return pathwayPriority(decision.locations);
  }

  private reloadUri(request: ManifestRequest, decision: SteeringDecision): string {
    const kept: [string, string][] = [];
    for (const name of DECISION_PARAMETERS) {
      const value = request[name];
      if (value !== undefined) kept.push([name, String(value)]);
    }
    return reloadUri(decision.videoId, decision.sessionId, kept);
  }
}
