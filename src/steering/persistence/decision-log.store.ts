import { Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { QueryRunner } from 'typeorm';
import { DECISION_COLUMNS, type DecisionPosition } from '../domain/decision-rows.js';
import { DECISION_PARTITION_PREFIX, type DayPartition } from '../domain/day-partitions.js';

/** A decision as the export reads it: the columns, candidates as JSON text. */
export interface DecisionRow {
  decided_at: Date;
  decision_id: string;
  service_id: string;
  video_id: string;
  session_hash: string;
  is_new_session: boolean;
  viewer_country: string | null;
  viewer_zone: string | null;
  viewer_lat: number | null;
  viewer_lon: number | null;
  located_by: string;
  origin_id: string;
  region_id: string;
  pathway: string;
  reason: string;
  switched_from: string | null;
  model: string;
  degraded: boolean;
  grams_avoided: number | null;
  throughput_bps: number | null;
  channel: string;
  instance_id: string;
  candidates: string;
}

export interface DecisionRange {
  from: Date;
  to: Date;
  after?: DecisionPosition;
  service?: string;
}

const SELECT_COLUMNS = DECISION_COLUMNS.map((column) =>
  column === 'candidates' ? 'candidates::text AS candidates' : column,
).join(', ');

/** Bytes of COPY data handed to the connection at a time. */
const COPY_CHUNK_BYTES = 1 << 20;

/** The SQL of the decision log: COPY in, keyset pages out, daily partitions. */
@Injectable()
export class DecisionLogStore {
  constructor(private readonly sessions: PgSessions) {}

  /** Writes the batch of COPY lines (domain copyLine) in one COPY (one transaction: all or none). */
  async copy(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.sessions.transaction(async (client) => {
      // A training log: losing the last batch or two on a crash is acceptable, waiting on the WAL is not.
      await client.query('SET LOCAL synchronous_commit = off');
      const stream = client.query(
        copyFrom(`COPY steering_decisions (${DECISION_COLUMNS.join(', ')}) FROM STDIN`),
      );
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      // Lines are encoded straight into chunks of about 1 MiB: joining them into one string first
      // made V8 flatten a tree of thousands of strings before encoding it, which cost more than
      // all the rest of the decision log's work in a CPU profile (docs/BENCHMARKS.md#decision-log-cost).
      let chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      let used = 0;
      for (const line of lines) {
        // UTF-8 takes at most 3 bytes per UTF-16 unit.
        if (used > 0 && used + line.length * 3 > chunk.length) {
          if (!stream.write(chunk.subarray(0, used)))
            await new Promise((resolve) => stream.once('drain', resolve));
          chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
          used = 0;
        }
        if (line.length * 3 > chunk.length) {
          // A line longer than a chunk (a service with very many origins): on its own.
          if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve));
          continue;
        }
        used += chunk.write(line, used);
      }
      if (used > 0) stream.end(chunk.subarray(0, used));
      else stream.end();
      await finished;
    });
  }

  /** Up to `limit` decisions after the position, in (decided_at, decision_id) order. */
  async page(range: DecisionRange, limit: number): Promise<DecisionRow[]> {
    const params: unknown[] = [range.from, range.to];
    let where = 'decided_at >= $1 AND decided_at < $2';
    if (range.after) {
      params.push(range.after.decidedAt, range.after.decisionId);
      where += ` AND (decided_at, decision_id) > ($${params.length - 1}, $${params.length})`;
    }
    if (range.service !== undefined) {
      params.push(range.service);
      where += ` AND service_id = $${params.length}`;
    }
    params.push(limit);
    const result = await this.sessions.query<DecisionRow>(
      `SELECT ${SELECT_COLUMNS} FROM steering_decisions WHERE ${where}
       ORDER BY decided_at, decision_id LIMIT $${params.length}`,
      params,
    );
    return result.rows;
  }

  /** Creates the partitions missing; a day whose rows already sit in the default partition is skipped. */
  async ensurePartitions(
    session: QueryRunner,
    partitions: readonly DayPartition[],
  ): Promise<{ created: string[]; skipped: string[] }> {
    const created: string[] = [];
    const skipped: string[] = [];
    for (const partition of partitions) {
      const [{ exists }] = (await session.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [
        partition.name,
      ])) as {
        exists: boolean;
      }[];
      if (exists) continue;
      try {
        await session.query(
          `CREATE TABLE IF NOT EXISTS "${partition.name}" PARTITION OF steering_decisions
           FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`,
        );
        created.push(partition.name);
      } catch (error) {
        skipped.push(`${partition.name} (${(error as Error).message})`);
      }
    }
    return { created, skipped };
  }

  async partitionNames(session: QueryRunner): Promise<string[]> {
    const rows = (await session.query(
      `SELECT child.relname AS name FROM pg_inherits
       JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
       JOIN pg_class child ON child.oid = pg_inherits.inhrelid
       WHERE parent.relname = 'steering_decisions' AND child.relname LIKE $1`,
      [`${DECISION_PARTITION_PREFIX}%`],
    )) as { name: string }[];
    return rows.map((row) => row.name);
  }

  /** Drops a whole day (names come from partitionNames, checked by the domain's pattern). */
  async dropPartition(session: QueryRunner, name: string): Promise<void> {
    await session.query(`DROP TABLE IF EXISTS "${name}"`);
  }

  /** Rows of the default partition (days that had no partition) older than the cutoff. */
  async deleteDefaultBefore(session: QueryRunner, cutoff: Date): Promise<void> {
    await session.query(`DELETE FROM steering_decisions_default WHERE decided_at < $1`, [cutoff]);
  }
}
