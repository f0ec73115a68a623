import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { partitionsAhead, type MonthPartition } from '../domain/partitions.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../platform/database/advisory-locks.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';

/** Months prepared ahead of the current one. */
export const MONTHS_AHEAD = 3;
/** Instances starting together create partitions one at a time. */

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Creates the monthly partitions of `views` that do not exist yet. A month whose rows already sit
 * in the default partition cannot get its own partition without moving them: it is skipped (and
 * reported), its rows stay readable in the default partition.
 */
export async function ensureViewPartitions(
  database: Queryable,
  partitions: MonthPartition[],
): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = [];
  const skipped: string[] = [];
  for (const partition of partitions) {
    const exists = (await database.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [
      partition.name,
    ])) as { exists: boolean }[] | { rows: { exists: boolean }[] };
    const rows = Array.isArray(exists) ? exists : exists.rows;
    if (rows[0]?.exists) continue;
    try {
      // One statement each, outside any transaction: a month that fails does not undo the others.
      await database.query(
        `CREATE TABLE IF NOT EXISTS "${partition.name}" PARTITION OF views
         FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`,
      );
      created.push(partition.name);
    } catch (error) {
      skipped.push(`${partition.name} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { created, skipped };
}

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
