import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { PeriodicJob } from '../../platform/jobs/periodic-job.js';
import { MS_PER_SECOND } from '../../platform/kernel/time.js';
import { OriginLoadsStore } from '../persistence/origin-loads.store.js';
import { SessionTable } from '../session-table.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';

/**
 * Capacity across instances (docs/STEERING.md#capacity): every STEERING_LOAD_REPORT_MS this
 * instance expires its idle sessions, writes its live sessions per origin to origin_loads and
 * reads the other instances' sums. A database outage leaves the last figures in place.
 */
@Injectable()
export class OriginLoadReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OriginLoadReporter.name);
  private readonly job: PeriodicJob;
  /** Reports older than this (3 periods, at least 3 s) are from instances that stopped. */
  private readonly freshSeconds: number;
  private readonly failures = new ThrottledWarning(this.logger);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionTable,
    private readonly store: OriginLoadsStore,
  ) {
    this.job = new PeriodicJob(() => this.run(), config.steeringLoadReportMs);
    this.freshSeconds = Math.max(3, (3 * config.steeringLoadReportMs) / MS_PER_SECOND);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.store.withdraw(this.sessions.instanceId).catch(() => undefined);
  }

  /** One cycle (tests call it to skip the wait). */
  async run(): Promise<void> {
    this.sessions.expire(Date.now());
    try {
      await this.store.report(this.sessions.instanceId, this.sessions.localLoads());
      this.sessions.setRemoteLoads(await this.store.others(this.sessions.instanceId, this.freshSeconds));
    } catch (error) {
      this.failures.warn({ error: (error as Error).message }, 'Origin loads not exchanged; will retry');
    }
  }
}
