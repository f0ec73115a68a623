import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { partitionsAhead } from '../domain/partitions.js';
import { ensureViewPartitions } from '../persistence/view-partitions.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../platform/database/advisory-locks.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';

/** Months prepared ahead of the current one. */
export const MONTHS_AHEAD = 3;

/** Keeps monthly partitions ready: at start-up, then once a day. */
@Injectable()
export class PartitionMaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionMaintenanceService.name);
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.run(), MS_PER_DAY);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async run(now = new Date()): Promise<void> {
    try {
      // Instances starting together create partitions one at a time.
      await withAdvisoryLock(
        this.dataSource,
        ADVISORY_LOCKS.viewPartitions,
        { wait: true },
        async (session) => {
          const { created, skipped } = await ensureViewPartitions(
            session,
            partitionsAhead(now, MONTHS_AHEAD),
          );
          if (created.length > 0) this.logger.log(`Created view partitions: ${created.join(', ')}`);
          for (const reason of skipped) this.logger.warn(`View partition not created: ${reason}`);
        },
      );
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'View partition maintenance failed; will retry');
    }
  }
}
