import { Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { QueryRunner } from 'typeorm';
import {
  DECISION_COLUMNS,
  MEASURE_COLUMNS,
  measureCopyLine,
  type DecisionPosition,
  type EncodedDecisions,
} from '../domain/decision-rows.js';
import type { CandidateSetRecord, SessionMeasure } from '../domain/decision-record.js';
import { DECISION_PARTITION_PREFIX, type DayPartition } from '../domain/day-partitions.js';

/** A decision as the export reads it: the columns, candidates as JSON text (its set's, or its own). */
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
  /** The set's candidates (live sessions null), or the row's own (rows from before the sets); null if the set is missing. */
  candidates: string | null;
  /** Each candidate's live sessions, in the set's order; null for rows with candidates of their own. */
  live_sessions: (number | null)[] | null;
  /** Labels (docs/LATENCY.md#labels): the session's first measures after the decision, joined at read. */
  measured_rtt_ms: number | null;
  measured_throughput_bps: number | null;
  measured_at: Date | null;
}

export interface DecisionRange {
  from: Date;
  to: Date;
  after?: DecisionPosition;
  service?: string;
}

const SELECT_COLUMNS = [
  ...DECISION_COLUMNS.filter((column) => column !== 'candidate_set').map((column) => `d.${column}`),
  'COALESCE(d.candidates::text, s.candidates::text) AS candidates',
  'rtt.rtt_ms AS measured_rtt_ms',
  'throughput.throughput_bps AS measured_throughput_bps',
  'GREATEST(rtt.measured_at, throughput.measured_at) AS measured_at',
].join(', ');

/** How long after a decision a measure of its session still labels it. */
const LABEL_WINDOW = `interval '1 day'`;

/**
 * The first measure of `value` by the decision's session on the decision's region, at or after the
 * decision and within LABEL_WINDOW (docs/LATENCY.md#labels): one probe of the session index.
 */
function firstMeasure(value: 'rtt_ms' | 'throughput_bps', alias: string): string {
  return `LEFT JOIN LATERAL (
      SELECT m.${value}, m.measured_at FROM steering_session_measures m
       WHERE m.session_hash = d.session_hash AND m.region_id = d.region_id
         AND (m.service_id IS NULL OR m.service_id = d.service_id)
         AND m.measured_at >= d.decided_at AND m.measured_at < d.decided_at + ${LABEL_WINDOW}
         AND m.${value} IS NOT NULL
       ORDER BY m.measured_at LIMIT 1) ${alias} ON true`;
}

/** The SQL of the decision log: COPY in, keyset pages out, daily partitions. */
@Injectable()
export class DecisionLogStore {
  constructor(private readonly sessions: PgSessions) {}

  /**
   * Writes the batch (encoded COPY lines, domain writeCopyLine) in one COPY, with the new sets of
   * candidates they name, in one transaction: all or none. A set already stored is left as it is.
   */
  async copy(batch: readonly EncodedDecisions[], sets: readonly CandidateSetRecord[] = []): Promise<void> {
    if (batch.length === 0 && sets.length === 0) return;
    await this.sessions.transaction(async (client) => {
      // A training log: losing the last batch or two on a crash is acceptable, waiting on the WAL is not.
      await client.query('SET LOCAL synchronous_commit = off');
      if (sets.length > 0) {
        await client.query(
          `INSERT INTO steering_candidate_sets (set_id, day, candidates)
           SELECT * FROM unnest($1::text[], $2::date[], $3::json[])
           ON CONFLICT (set_id) DO NOTHING`,
          [sets.map((set) => set.setId), sets.map((set) => set.day), sets.map((set) => set.candidates)],
        );
      }
      if (batch.length === 0) return;
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
    let where = 'd.decided_at >= $1 AND d.decided_at < $2';
    if (range.after) {
      params.push(range.after.decidedAt, range.after.decisionId);
      where += ` AND (d.decided_at, d.decision_id) > ($${params.length - 1}, $${params.length})`;
    }
    if (range.service !== undefined) {
      params.push(range.service);
      where += ` AND d.service_id = $${params.length}`;
    }
    params.push(limit);
    const result = await this.sessions.query<DecisionRow>(
      `SELECT ${SELECT_COLUMNS}
         FROM (SELECT * FROM steering_decisions d WHERE ${where}
                ORDER BY d.decided_at, d.decision_id LIMIT $${params.length}) d
         LEFT JOIN steering_candidate_sets s ON s.set_id = d.candidate_set
         ${firstMeasure('rtt_ms', 'rtt')}
         ${firstMeasure('throughput_bps', 'throughput')}
        ORDER BY d.decided_at, d.decision_id`,
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
   * Stores what sessions measured (docs/LATENCY.md#labels): one narrow row per measure, appended in
   * one COPY (synchronous_commit off, as the decisions). Nothing is rewritten: the export joins each
   * decision with its session's first measures after it, so a decision still queued in memory is
   * labelled as well once written.
   */
  async recordMeasures(measures: readonly SessionMeasure[]): Promise<number> {
    let text = '';
    let kept = 0;
    for (const measure of measures) {
      if (measure.rttMs === null && measure.throughputBps === null) continue;
      text += measureCopyLine(measure);
      kept++;
    }
    if (kept === 0) return 0;
    await this.sessions.transaction(async (client) => {
      // Labels of a training log: as the decisions, a crash may lose the last ones.
      await client.query('SET LOCAL synchronous_commit = off');
      const stream = client.query(
        copyFrom(`COPY steering_session_measures (${MEASURE_COLUMNS.join(', ')}) FROM STDIN`),
      );
      await new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(text);
      });
    });
    return kept;
  }

  /** Sets of candidates of the days before the cutoff's (their decisions are past retention). */
  async deleteCandidateSetsBefore(session: QueryRunner, cutoff: Date): Promise<void> {
    await session.query(`DELETE FROM steering_candidate_sets WHERE day < $1::date`, [
      cutoff.toISOString().slice(0, 10),
    ]);
  }

  /** Measures older than the cutoff (the decision log's retention), along the BRIN index. */
  async deleteMeasuresBefore(session: QueryRunner, cutoff: Date): Promise<void> {
    await session.query(`DELETE FROM steering_session_measures WHERE measured_at < $1`, [cutoff]);
  }
}
