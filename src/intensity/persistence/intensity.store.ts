import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { IntensityObservation } from '../domain/intensity.types.js';

/** A row of intensity_observations as read (snake_case columns). */
export interface ObservationRow {
  zone: string;
  kind: 'measured' | 'forecast';
  datetime: Date;
  g_co2e_per_kwh: number;
  is_estimated: boolean;
  fetched_at: Date;
}

export interface RefreshState {
  zone: string;
  call: string;
  lastAttemptAt: Date;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  details: Record<string, unknown> | null;
}

export function toObservation(row: ObservationRow): IntensityObservation {
  return {
    zone: row.zone,
    kind: row.kind,
    datetime: row.datetime,
    gCo2ePerKwh: row.g_co2e_per_kwh,
    isEstimated: row.is_estimated,
    fetchedAt: row.fetched_at,
  };
}

/** SQL access to intensity_observations and intensity_refresh_state. */
@Injectable()
export class IntensityStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: PgSessions,
  ) {}

  /** Measured and forecast points of each zone over its range: one query for all zones. */
  async observationsInRanges(
    ranges: { zone: string; from: Date; to: Date }[],
  ): Promise<IntensityObservation[]> {
    if (ranges.length === 0) return [];
    const result = await this.sessions.query<ObservationRow>(
      `SELECT o.zone, o.kind, o.datetime, o.g_co2e_per_kwh, o.is_estimated, o.fetched_at
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(zone, lo, hi)
       JOIN intensity_observations o ON o.zone = r.zone AND o.datetime >= r.lo AND o.datetime < r.hi`,
      [
        ranges.map((r) => r.zone),
        ranges.map((r) => r.from.toISOString()),
        ranges.map((r) => r.to.toISOString()),
      ],
    );
    return result.rows.map(toObservation);
  }

  /** Upserts points; a later fetch of the same (zone, kind, hour) replaces the value. One statement. */
  async saveObservations(
    observations: (IntensityObservation & { upstreamUpdatedAt?: Date | null })[],
  ): Promise<void> {
    if (observations.length === 0) return;
    const rows = observations.map((observation) => ({
      zone: observation.zone,
      kind: observation.kind,
      datetime: observation.datetime.toISOString(),
      value: observation.gCo2ePerKwh,
      estimated: observation.isEstimated,
      upstreamUpdatedAt: observation.upstreamUpdatedAt?.toISOString() ?? null,
      fetchedAt: observation.fetchedAt.toISOString(),
    }));
    await this.dataSource.query(
      `INSERT INTO intensity_observations
         (zone, kind, datetime, g_co2e_per_kwh, is_estimated, upstream_updated_at, fetched_at)
       SELECT DISTINCT ON (zone, kind, datetime) zone, kind, datetime, value, estimated, "upstreamUpdatedAt", "fetchedAt"
       FROM jsonb_to_recordset($1::jsonb) AS o(zone text, kind text, datetime timestamptz, value float8,
            estimated boolean, "upstreamUpdatedAt" timestamptz, "fetchedAt" timestamptz)
       ORDER BY zone, kind, datetime, "fetchedAt" DESC
       ON CONFLICT (zone, kind, datetime) DO UPDATE SET
         g_co2e_per_kwh = EXCLUDED.g_co2e_per_kwh, is_estimated = EXCLUDED.is_estimated,
         upstream_updated_at = EXCLUDED.upstream_updated_at, fetched_at = EXCLUDED.fetched_at
       WHERE intensity_observations.fetched_at <= EXCLUDED.fetched_at`,
      [JSON.stringify(rows)],
    );
  }

  /** Points useful now: measured since `measuredSince`, and forecasts for hours from `forecastFrom`. */
  async loadRecent(measuredSince: Date, forecastFrom: Date): Promise<IntensityObservation[]> {
    const rows = (await this.dataSource.query(
      `SELECT zone, kind, datetime, g_co2e_per_kwh, is_estimated, fetched_at FROM intensity_observations
       WHERE (kind = 'measured' AND datetime >= $1) OR (kind = 'forecast' AND datetime >= $2)`,
      [measuredSince, forecastFrom],
    )) as ObservationRow[];
    return rows.map(toObservation);
  }

  /** Points fetched after `fetchedAfter` (what other instances stored since the last look). */
  async loadFetchedAfter(fetchedAfter: Date): Promise<IntensityObservation[]> {
    const rows = (await this.dataSource.query(
      `SELECT zone, kind, datetime, g_co2e_per_kwh, is_estimated, fetched_at FROM intensity_observations
       WHERE fetched_at > $1`,
      [fetchedAfter],
    )) as ObservationRow[];
    return rows.map(toObservation);
  }

  async deleteOlderThan(before: Date): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM intensity_observations WHERE datetime < $1`,
      [before],
    )) as [unknown, number];
    return deleted;
  }

  async refreshStates(): Promise<RefreshState[]> {
    const rows = (await this.dataSource.query(
      `SELECT zone, call, last_attempt_at, last_success_at, last_error_at, last_error, details
       FROM intensity_refresh_state`,
    )) as {
      zone: string;
      call: string;
      last_attempt_at: Date;
      last_success_at: Date | null;
      last_error_at: Date | null;
      last_error: string | null;
      details: Record<string, unknown> | null;
    }[];
    return rows.map((row) => ({
      zone: row.zone,
      call: row.call,
      lastAttemptAt: row.last_attempt_at,
      lastSuccessAt: row.last_success_at,
      lastErrorAt: row.last_error_at,
      lastError: row.last_error,
      details: row.details,
    }));
  }

  /** Records one attempt: success (error undefined) or failure. Details replace the previous ones when given. */
  async recordAttempt(
    zone: string,
    call: string,
    at: Date,
    error: string | undefined,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO intensity_refresh_state (zone, call, last_attempt_at, last_success_at, last_error_at, last_error, details)
       VALUES ($1, $2, $3::timestamptz, CASE WHEN $4::text IS NULL THEN $3::timestamptz END,
               CASE WHEN $4::text IS NOT NULL THEN $3::timestamptz END, $4::text, $5::jsonb)
       ON CONFLICT (zone, call) DO UPDATE SET
         last_attempt_at = EXCLUDED.last_attempt_at,
         last_success_at = COALESCE(EXCLUDED.last_success_at, intensity_refresh_state.last_success_at),
         last_error_at = COALESCE(EXCLUDED.last_error_at, intensity_refresh_state.last_error_at),
         last_error = COALESCE(EXCLUDED.last_error, intensity_refresh_state.last_error),
         details = COALESCE(EXCLUDED.details, intensity_refresh_state.details)`,
      [zone, call, at, error ?? null, details === undefined ? null : JSON.stringify(details)],
    );
  }
}
