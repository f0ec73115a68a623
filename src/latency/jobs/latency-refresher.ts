import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { PeriodicJob } from '../../platform/jobs/periodic-job.js';
import { MS_PER_MINUTE } from '../../platform/kernel/time.js';
import type { MeasurementRules } from '../domain/ewma.js';
import { buildLatencyMatrix } from '../domain/latency-matrix.js';
import type { ParsedSample } from '../domain/sample-input.js';
import { IngestSamplesOperation } from '../ingest-samples.js';
import { LatencyService } from '../latency.service.js';
import { LatencyStore } from '../persistence/latency.store.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';
import { measurementRulesOf } from '../measurement-rules.js';

/**
 * Every LATENCY_REFRESH_MS, on every instance (docs/LATENCY.md#shared-state): writes the players'
 * queued throughput reports, re-reads the shared aggregates and rebuilds the matrix in force (which
 * also ages measurements out as time passes, with no new sample); once a minute deletes aggregates
 * older than LATENCY_MAX_AGE_MS. A database outage keeps the last matrix.
 */
@Injectable()
export class LatencyRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LatencyRefresher.name);
  private readonly job: PeriodicJob;
  private readonly rules: MeasurementRules;
  private lastPruneMs = 0;
  private readonly failures = new ThrottledWarning(this.logger);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: LatencyStore,
    private readonly latency: LatencyService,
    private readonly ingest: IngestSamplesOperation,
  ) {
    this.rules = measurementRulesOf(config);
    this.job = new PeriodicJob(() => this.refresh(), config.latencyRefreshMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.job.runNow();
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    // What players reported since the last refresh.
    await this.refresh();
  }

  /** One refresh now, or the one under way (tests call it to skip the wait). */
  runNow(): Promise<void> {
    return this.job.runNow();
  }

  private async refresh(): Promise<void> {
    try {
      await this.writeReports();
      const nowMs = Date.now();
      if (nowMs - this.lastPruneMs > MS_PER_MINUTE) {
        this.lastPruneMs = nowMs;
        await this.store.deleteOlderThan(new Date(nowMs - this.rules.maxAgeMs));
      }
      const aggregates = await this.store.load();
      this.latency.replace(buildLatencyMatrix(aggregates, Date.now(), this.rules, this.latency.matrix()));
    } catch (error) {
      this.failures.warn({ error: (error as Error).message }, 'Measured latency not refreshed; will retry');
    }
  }

  private async writeReports(): Promise<void> {
    const reports = this.latency.takeThroughputReports();
    if (reports.length === 0) return;
    const samples: ParsedSample[] = reports.map((report) => ({
      viewerCountry: report.viewerCountry,
      regionId: report.regionId,
      kind: 'user',
      rttMs: null,
      throughputBps: report.throughputBps,
      atMs: report.atMs,
      sessionId: report.sessionId,
      serviceId: report.serviceId,
    }));
    await this.ingest.write(samples, 'player-report');
  }
}
