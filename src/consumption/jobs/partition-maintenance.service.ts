import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { partitionsAhead, type MonthPartition } from '../domain/partitions.js';
import { ADVISORY_LOCKS } from '../../platform/database/advisory-locks.js';

/** Months prepared ahead of the current one. */
export const MONTHS_AHEAD = 3;
const DAILY_MS = 24 * 3600 * 1000;
/** Instances starting together create partitions one at a time. */
const PARTITION_LOCK_KEY = ADVISORY_LOCKS.viewPartitions;

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
    this.timer = setInterval(() => void this.run(), DAILY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async run(now = new Date()): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.query('SELECT pg_advisory_lock($1)', [PARTITION_LOCK_KEY]);
      try {
        const { created, skipped } = await ensureViewPartitions(runner, partitionsAhead(now, MONTHS_AHEAD));
        if (created.length > 0) this.logger.log(`Created view partitions: ${created.join(', ')}`);
        for (const reason of skipped) this.logger.warn(`View partition not created: ${reason}`);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [PARTITION_LOCK_KEY]);
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'View partition maintenance failed; will retry');
    } finally {
      await runner.release();
    }
  }
}
