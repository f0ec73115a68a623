import { Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { QueryRunner } from 'typeorm';
import { DECISION_COLUMNS, type DecisionPosition, type EncodedDecisions } from '../domain/decision-rows.js';
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
  /** Labels (docs/LATENCY.md#labels): set by label(), after the row is written. */
  measured_rtt_ms: number | null;
  measured_throughput_bps: number | null;
  measured_at: Date | null;
}

/** What a session measured on a region, to label its decisions with. */
export interface DecisionLabel {
  sessionHash: string;
  serviceId: string | null;
  regionId: string;
  rttMs: number | null;
  throughputBps: number | null;
  at: Date;
}

export interface DecisionRange {
  from: Date;
  to: Date;
  after?: DecisionPosition;
  service?: string;
}

const SELECT_COLUMNS = [
  ...DECISION_COLUMNS.map((column) => (column === 'candidates' ? 'candidates::text AS candidates' : column)),
  'measured_rtt_ms',
  'measured_throughput_bps',
  'measured_at',
].join(', ');

/** The SQL of the decision log: COPY in, keyset pages out, daily partitions. */
@Injectable()
export class DecisionLogStore {
  constructor(private readonly sessions: PgSessions) {}

  /** Writes the batch (encoded COPY lines, domain copyLine) in one COPY (one transaction: all or none). */
  async copy(batch: readonly EncodedDecisions[]): Promise<void> {
    if (batch.length === 0) return;
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
      for (const chunk of batch) {
        if (!stream.write(chunk.bytes)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
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

  /**
   * Labels decisions with what their session then measured (docs/LATENCY.md#labels): every
   * decision of the session that chose the measured region, decided at most `lookbackMs` before the
   * samples and not after them, takes their round trip and throughput where it has none yet (the
   * latest of the samples stored together that has one). A decision is labelled once per measure,
   * by the first samples after it: a later sample does not rewrite it. One UPDATE per measure, each
   * by session hash along a partial index of the decisions still without that measure, so that a
   * batch reads only what it labels, however long the session.
   */
  async label(labels: readonly DecisionLabel[], lookbackMs: number): Promise<number> {
    if (labels.length === 0) return 0;
    const column = <T>(pick: (label: DecisionLabel) => T): T[] => labels.map(pick);
    const parameters = [
      column((l) => l.sessionHash),
      column((l) => l.serviceId),
      column((l) => l.regionId),
      column((l) => l.rttMs),
      column((l) => l.throughputBps),
      column((l) => l.at.toISOString()),
      lookbackMs,
    ];
    let labelled = 0;
    for (const [target, source] of [
      ['measured_rtt_ms', 'rtt'],
      ['measured_throughput_bps', 'tp'],
    ] as const) {
      if (!labels.some((label) => (source === 'rtt' ? label.rttMs : label.throughputBps) !== null)) continue;
      const result = await this.sessions.query(
        `UPDATE steering_decisions d SET ${target} = l.value, measured_at = GREATEST(d.measured_at, l.at)
           FROM (SELECT session_hash, service_id, region_id, max(at) AS at,
                        (array_agg(${source} ORDER BY at DESC) FILTER (WHERE ${source} IS NOT NULL))[1] AS value
                   FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::timestamptz[])
                        AS v(session_hash, service_id, region_id, rtt, tp, at)
                  WHERE ${source} IS NOT NULL
                  GROUP BY session_hash, service_id, region_id) l
          WHERE d.${target} IS NULL
            AND d.session_hash = l.session_hash AND d.region_id = l.region_id
            AND (l.service_id IS NULL OR d.service_id = l.service_id)
            AND d.decided_at <= l.at AND d.decided_at > l.at - make_interval(secs => $7::float8 / 1000)`,
        parameters,
      );
      labelled += result.rowCount ?? 0;
    }
    return labelled;
  }
}
