import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { KeyedAggregate, SampleKind } from '../domain/ewma.js';

interface AggregateRow {
  viewer_country: string;
  region_id: string;
  kind: SampleKind;
  rtt_ms: number | null;
  rtt_weight: number;
  rtt_count: string;
  throughput_bps: number | null;
  throughput_weight: number;
  throughput_count: string;
  last_at: Date;
}

/** An origin as a sample may name it. */
export interface OriginRegion {
  serviceId: string;
  originId: string;
  regionId: string;
}

/**
 * The SQL of measured latency (docs/LATENCY.md#the-aggregate): the shared aggregates, merged in
 * SQL so that concurrent instances never lose each other's samples, and the origins (read from
 * steering's `origins`, which this feature never writes) that samples may name.
 */
@Injectable()
export class LatencyStore {
  constructor(private readonly sessions: PgSessions) {}

  /**
   * Merges a batch's aggregates (one per key, sorted by key: rows are locked in that order, so two
   * batches cannot deadlock) into the stored ones, in the caller's transaction. The merge is
   * domain/ewma.ts's mergeAggregates, in SQL.
   */
  async merge(
    client: pg.PoolClient,
    aggregates: readonly KeyedAggregate[],
    halfLifeMs: number,
  ): Promise<void> {
    if (aggregates.length === 0) return;
    const column = <T>(pick: (aggregate: KeyedAggregate) => T): T[] => aggregates.map(pick);
    await client.query(
      `INSERT INTO latency_aggregates AS a (viewer_country, region_id, kind, rtt_ms, rtt_weight, rtt_count,
              throughput_bps, throughput_weight, throughput_count, last_at, updated_at)
       SELECT v.country, v.region, v.kind, v.rtt, v.rtt_weight, v.rtt_count, v.tp, v.tp_weight, v.tp_count,
              v.last_at, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::bigint[], $7::float8[],
                     $8::float8[], $9::bigint[], $10::timestamptz[])
              WITH ORDINALITY AS v(country, region, kind, rtt, rtt_weight, rtt_count, tp, tp_weight, tp_count, last_at, position)
        ORDER BY v.position
       ON CONFLICT (viewer_country, region_id, kind) DO UPDATE SET
         rtt_weight = ${weight('rtt')},
         rtt_ms = ${mean('rtt_ms', 'rtt')},
         rtt_count = a.rtt_count + EXCLUDED.rtt_count,
         throughput_weight = ${weight('throughput')},
         throughput_bps = ${mean('throughput_bps', 'throughput')},
         throughput_count = a.throughput_count + EXCLUDED.throughput_count,
         last_at = GREATEST(a.last_at, EXCLUDED.last_at),
         updated_at = now()`,
      [
        column((a) => a.viewerCountry),
        column((a) => a.regionId),
        column((a) => a.kind),
        column((a) => a.rttMs),
        column((a) => a.rttWeight),
        column((a) => a.rttCount),
        column((a) => a.throughputBps),
        column((a) => a.throughputWeight),
        column((a) => a.throughputCount),
        column((a) => new Date(a.lastAtMs).toISOString()),
        halfLifeMs,
      ],
    );
  }

  async load(): Promise<KeyedAggregate[]> {
    const result = await this.sessions.query<AggregateRow>(
      `SELECT viewer_country, region_id, kind, rtt_ms, rtt_weight, rtt_count, throughput_bps,
              throughput_weight, throughput_count, last_at
         FROM latency_aggregates`,
      [],
    );
    return result.rows.map((row) => ({
      viewerCountry: row.viewer_country,
      regionId: row.region_id,
      kind: row.kind,
      rttMs: row.rtt_ms,
      rttWeight: row.rtt_weight,
      rttCount: Number(row.rtt_count),
      throughputBps: row.throughput_bps,
      throughputWeight: row.throughput_weight,
      throughputCount: Number(row.throughput_count),
      lastAtMs: row.last_at.getTime(),
    }));
  }

  /** Aggregates whose newest sample is older than `before`: they weigh nothing any more. */
  async deleteOlderThan(before: Date): Promise<number> {
    const result = await this.sessions.query(`DELETE FROM latency_aggregates WHERE last_at < $1`, [before]);
    return result.rowCount ?? 0;
  }

  async origins(): Promise<OriginRegion[]> {
    const result = await this.sessions.query<{ service_id: string; id: string; region_id: string }>(
      `SELECT service_id, id, region_id FROM origins ORDER BY service_id, id`,
      [],
    );
    return result.rows.map((row) => ({
      serviceId: row.service_id,
      originId: row.id,
      regionId: row.region_id,
    }));
  }

  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.sessions.transaction(work);
  }
}

/** The factor of the stored row (a) and of the batch (EXCLUDED) at the newer of their times. */
const AGE_A = `extract(epoch FROM GREATEST(a.last_at, EXCLUDED.last_at) - a.last_at) * 1000`;
const AGE_B = `extract(epoch FROM GREATEST(a.last_at, EXCLUDED.last_at) - EXCLUDED.last_at) * 1000`;
const FA = `latency_decay(${AGE_A}, $11::float8)`;
const FB = `latency_decay(${AGE_B}, $11::float8)`;

function weightOf(side: 'a' | 'EXCLUDED', prefix: string, valueColumn: string): string {
  const factor = side === 'a' ? FA : FB;
  return `(CASE WHEN ${side}.${valueColumn} IS NULL THEN 0 ELSE ${side}.${prefix}_weight * ${factor} END)`;
}

function weight(prefix: 'rtt' | 'throughput'): string {
  const value = prefix === 'rtt' ? 'rtt_ms' : 'throughput_bps';
  return `${weightOf('a', prefix, value)} + ${weightOf('EXCLUDED', prefix, value)}`;
}

function mean(valueColumn: string, prefix: 'rtt' | 'throughput'): string {
  const wa = weightOf('a', prefix, valueColumn);
  const wb = weightOf('EXCLUDED', prefix, valueColumn);
  return `CASE WHEN ${wa} + ${wb} > 0
            THEN (COALESCE(a.${valueColumn}, 0) * ${wa} + COALESCE(EXCLUDED.${valueColumn}, 0) * ${wb}) / (${wa} + ${wb})
            ELSE COALESCE(a.${valueColumn}, EXCLUDED.${valueColumn}) END`;
}
