import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { ElectricityMapsClient } from '../intensity/adapters/electricity-maps/electricity-maps.client.js';
import { ELECTRICITY_MAPS_CLIENT } from '../intensity/adapters/electricity-maps/electricity-maps.provider.js';
import { ConsumptionService } from '../consumption/consumption.service.js';
import { RollupCompactionService } from '../consumption/jobs/rollup-compaction.service.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { RecommendationService } from '../recommendation/recommendation.service.js';
import { DatabasePoolReading, MetricsService } from '../platform/metrics/metrics.service.js';

/**
 * Points the scrape-time gauges at what they read: the breaker of the Electricity Maps client, the
 * intensity snapshot, and the pg pool under TypeORM. Nothing is copied on the request path.
 * Also counts what the features report: recommendations served (with the grams avoided against
 * the nearest eligible region) and views ingested.
 */
@Injectable()
export class MetricsSourcesService implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly intensity: IntensityService,
    @Inject(ELECTRICITY_MAPS_CLIENT) private readonly client: ElectricityMapsClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationService,
    private readonly consumption: ConsumptionService,
    private readonly rollupCompaction: RollupCompactionService,
  ) {}

  onModuleInit(): void {
    this.metrics.setBreakerStateSource(() => this.client.status().breaker);
    this.metrics.setZoneIntensitySource(() => this.intensity.currentReadings());
    this.metrics.setDatabasePoolSource(() => this.poolReading());
    this.metrics.setRollupCompactionSource(() => this.rollupCompaction.lastSuccessAt);
    // A saving is counted when positive: a cost trade-off may pick a dirtier region than the nearest.
    this.recommendations.onServed((served) =>
      this.metrics.recordRecommendation(served.model, served.gramsAvoided),
    );
    // Only newly stored views: duplicates and replays of an idempotent request add nothing.
    this.consumption.onIngested((counts) => this.metrics.recordViewsIngested(counts.accepted));
  }

  private poolReading(): DatabasePoolReading | undefined {
    // TypeORM's PostgresDriver keeps its pg.Pool as `master` (no replication configured).
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return undefined;
    return {
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    };
  }
}
