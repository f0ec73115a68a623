import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../platform/database/advisory-locks.js';
import { PeriodicJob } from '../../platform/jobs/periodic-job.js';
import { MS_PER_HOUR } from '../../platform/kernel/time.js';
import { expiredPartitions, partitionsAround, retentionCutoff } from '../domain/day-partitions.js';
import { DecisionLogStore } from '../persistence/decision-log.store.js';

/** Days prepared ahead of today. */
export const DAYS_AHEAD = 3;

/**
 * Keeps the daily partitions of the decision log ready (yesterday to DAYS_AHEAD ahead) and drops
 * those past STEERING_DECISION_RETENTION_DAYS, with the session measures that label them (deleted by
 * age): at start-up, then every hour, one instance at a time.
 */
@Injectable()
export class DecisionPartitionMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DecisionPartitionMaintenance.name);
  private readonly job = new PeriodicJob(() => this.run(), MS_PER_HOUR);
  private readonly retentionDays: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DecisionLogStore,
  ) {
    this.retentionDays = config.steeringDecisionRetentionDays;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async run(now = new Date()): Promise<{ created: string[]; dropped: string[] }> {
    try {
      const outcome = await withAdvisoryLock(
        this.dataSource,
        ADVISORY_LOCKS.decisionPartitions,
        { wait: true },
        async (session) => {
          const { created, skipped } = await this.store.ensurePartitions(
            session,
            partitionsAround(now, DAYS_AHEAD),
          );
          for (const reason of skipped) this.logger.warn(`Decision partition not created: ${reason}`);
          const cutoff = retentionCutoff(now, this.retentionDays);
          const dropped = expiredPartitions(await this.store.partitionNames(session), cutoff);
          for (const name of dropped) await this.store.dropPartition(session, name);
          await this.store.deleteDefaultBefore(session, cutoff);
          await this.store.deleteMeasuresBefore(session, cutoff);
          await this.store.deleteCandidateSetsBefore(session, cutoff);
          if (created.length > 0) this.logger.log(`Created decision partitions: ${created.join(', ')}`);
          if (dropped.length > 0)
            this.logger.log(`Dropped decision partitions past retention: ${dropped.join(', ')}`);
          return { created, dropped };
        },
      );
      return outcome.acquired ? outcome.result : { created: [], dropped: [] };
    } catch (error) {
      this.logger.warn(
        { error: (error as Error).message },
        'Decision partition maintenance failed; will retry',
      );
      return { created: [], dropped: [] };
    }
  }
}
