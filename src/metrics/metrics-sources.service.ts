import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ROLLUPS_COMPACTED, VIEWS_INGESTED } from '../consumption/consumption.events.js';
import { ELECTRICITY_MAPS_CALLED, INTENSITY_ANSWERED } from '../intensity/intensity.events.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { LinkStatusService } from '../intensity/link-status.service.js';
import { pgPool } from '../platform/database/pg-sessions.js';
import { EventBus } from '../platform/events/event-bus.js';
import { MetricsService } from '../platform/metrics/metrics.service.js';
import { RECOMMENDATION_SERVED } from '../recommendation/recommendation.events.js';
import { DECISION_LOG_CHANGED, STEERING_DECIDED } from '../steering/steering.events.js';
import { FeatureMetrics } from './feature-metrics.js';
import { SteeringMetrics } from './steering-metrics.js';
import { SteeringService } from '../steering/steering.service.js';
import { ORIGIN_PROBED } from '../origin-health/origin-health.events.js';
import { OriginHealthService } from '../origin-health/origin-health.service.js';
import { OriginHealthMetrics } from './origin-health-metrics.js';
import { LATENCY_SAMPLES_STORED } from '../latency/latency.events.js';
import { LatencyService } from '../latency/latency.service.js';
import { LatencyMetrics } from './latency-metrics.js';

/**
 * Feeds the metrics from what the features announce on the event bus, and points the scrape-time
 * gauges at what they read through the features' public services (breaker state, zone intensities)
 * and at the pg pool. Nothing is copied on the request path; no feature knows the metrics.
 */
@Injectable()
export class MetricsSourcesService implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly events: EventBus,
    private readonly intensity: IntensityService,
    private readonly link: LinkStatusService,
    private readonly steeringService: SteeringService,
    private readonly originHealth: OriginHealthService,
    private readonly latency: LatencyService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const features = new FeatureMetrics(this.metrics);
    features.setBreakerStateSource(() => this.link.breakerState());
    features.setZoneIntensitySource(() => this.intensity.currentReadings());
    this.metrics.setDatabasePoolSource(() => {
      const pool = pgPool(this.dataSource);
      return {
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max ?? 10,
      };
    });
    this.events.on(INTENSITY_ANSWERED, (source) => features.countIntensityAnswer(source));
    this.events.on(ELECTRICITY_MAPS_CALLED, (call) => features.recordElectricityMapsCall(call));
    // A saving is counted when positive: a cost trade-off may pick a dirtier region than the nearest.
    this.events.on(RECOMMENDATION_SERVED, (served) =>
      features.recordRecommendation(served.model, served.gramsAvoided),
    );
    // Only newly stored views: duplicates and replays of an idempotent request are not emitted.
    this.events.on(VIEWS_INGESTED, (counts) => {
      features.recordViewsIngested(counts.accepted);
      features.recordViewReceipts(counts.receipts);
    });
    this.events.on(ROLLUPS_COMPACTED, (at) => features.recordRollupCompaction(at));
    const steering = new SteeringMetrics(this.metrics);
    steering.setDecisionLogSource(() => this.steeringService.decisionLogState());
    this.events.on(STEERING_DECIDED, (decided) => steering.recordDecision(decided));
    this.events.on(DECISION_LOG_CHANGED, (state) => steering.recordDecisionLog(state));
    const originHealth = new OriginHealthMetrics(this.metrics, () => this.originHealth.summary());
    this.events.on(ORIGIN_PROBED, (probed) => originHealth.recordProbe(probed));
    const latency = new LatencyMetrics(this.metrics, this.latency);
    this.events.on(LATENCY_SAMPLES_STORED, (stored) => latency.recordSamples(stored.samples, stored.source));
  }
}
