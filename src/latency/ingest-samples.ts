import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import { GeoService } from '../geo/geo.service.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { foldSamples } from './domain/ewma.js';
import { nearestCountryCode } from './domain/nearest-country.js';
import { parseSamplesBody, type ParsedSample, type SampleLookups } from './domain/sample-input.js';
import type { LatencySamplesResultDto } from './contract/latency.dto.js';
import { LATENCY_SAMPLES_STORED, LATENCY_SESSIONS_MEASURED } from './latency.events.js';
import { LatencyStore } from './persistence/latency.store.js';

/**
 * POST /latency-samples (docs/LATENCY.md#post-latency-samples): a batch is checked whole (one bad
 * sample: 400 naming it, nothing stored), folded into one aggregate per (viewer country, region,
 * kind) and merged into the shared aggregates in one transaction. Sessions' samples then label their
 * steering decisions (an event steering acts on, after the commit).
 */
@Injectable()
export class IngestSamplesOperation {
  private readonly halfLifeMs: number;
  private readonly retentionMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: LatencyStore,
    private readonly geo: GeoService,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly events: EventBus,
  ) {
    this.halfLifeMs = config.latencyHalfLifeMs;
    this.retentionMs = config.latencyMaxAgeMs;
  }

  async ingest(body: unknown): Promise<LatencySamplesResultDto> {
    const nowMs = Date.now();
    const origins = await this.store.origins();
    const regionById = this.catalogue.current().regionById;
    const lookups: SampleLookups = {
      findCountry: (code) => this.geo.findCountry(code),
      isKnownZone: (zone) => this.intensity.isKnownZone(zone),
      nearestCountry: (latitude, longitude) => {
        const code = nearestCountryCode(latitude, longitude);
        return code === undefined ? undefined : this.geo.findCountry(code);
      },
      isKnownRegion: (regionId) => regionById.has(regionId),
      originRegions: (originId, serviceId) =>
        origins
          .filter(
            (origin) =>
              origin.originId === originId && (serviceId === undefined || origin.serviceId === serviceId),
          )
          .map((origin) => origin.regionId),
    };
    const samples = parseSamplesBody(body, nowMs, { retentionMs: this.retentionMs }, lookups);
    const aggregates = await this.write(samples, 'api');
    return {
      accepted: samples.length,
      aggregatesUpdated: aggregates,
      sessionsLabelled: new Set(samples.filter((s) => s.sessionId !== null).map((s) => s.sessionId)).size,
      halfLifeMs: this.halfLifeMs,
    };
  }

  /** Merges checked samples into the shared aggregates (one transaction); answers the aggregates touched. */
  async write(samples: readonly ParsedSample[], source: 'api' | 'player-report'): Promise<number> {
    if (samples.length === 0) return 0;
    const aggregates = foldSamples(samples, this.halfLifeMs);
    await this.store.transaction((client) => this.store.merge(client, aggregates, this.halfLifeMs));
    this.events.emit(LATENCY_SAMPLES_STORED, { samples: samples.length, source });
    const labels = samples
      .filter((sample) => sample.sessionId !== null)
      .map((sample) => ({
        sessionId: sample.sessionId as string,
        serviceId: sample.serviceId,
        regionId: sample.regionId,
        rttMs: sample.rttMs,
        throughputBps: sample.throughputBps,
        atMs: sample.atMs,
      }));
    if (labels.length > 0) this.events.emit(LATENCY_SESSIONS_MEASURED, { labels });
    return aggregates.length;
  }
}
