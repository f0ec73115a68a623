import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { RollupDeltas } from '../domain/rollups.js';
import type { RollupDimension, RollupSums } from '../domain/stats.js';
import { floatArrayLiteral, textArrayLiteral } from './pg-arrays.js';

const ROLLUP_INPUT = `unnest($1::text[], $2::date[], $3::text[], $4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::bigint[])`;

/** Adds the incoming rows (`input`: dimension, day, key and the five sums) to view_rollups. */
const ADD_TO_ROLLUPS = `
  INSERT INTO view_rollups AS r (dimension, day, key, views, minutes, data_volume_gb, energy_kwh, emissions_g,
                                 avoided_g, receipt_views)
  SELECT * FROM input ORDER BY 1, 2, 3
  ON CONFLICT (dimension, day, key) DO UPDATE SET
    views = r.views + EXCLUDED.views, minutes = r.minutes + EXCLUDED.minutes,
    data_volume_gb = r.data_volume_gb + EXCLUDED.data_volume_gb,
    energy_kwh = r.energy_kwh + EXCLUDED.energy_kwh, emissions_g = r.emissions_g + EXCLUDED.emissions_g,
    avoided_g = r.avoided_g + EXCLUDED.avoided_g, receipt_views = r.receipt_views + EXCLUDED.receipt_views`;

/**
 * Moves every pending delta into view_rollups, in one statement (one transaction). Rows are
 * upserted in key order, so that two writers of view_rollups lock them in the same order. A delta
 * row committed while this runs is not visible to it and waits for the next run; two runs at once
 * cannot both move a row (the second finds it deleted).
 */
const COMPACT_ROLLUPS_SQL = `
  WITH moved AS (DELETE FROM view_rollup_deltas RETURNING *),
  input AS (
    SELECT dimension, day, key, sum(views) AS views, sum(minutes) AS minutes, sum(data_volume_gb) AS data_volume_gb,
           sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g, sum(avoided_g) AS avoided_g,
           sum(receipt_views) AS receipt_views
    FROM moved GROUP BY 1, 2, 3
  ),
  folded AS (${ADD_TO_ROLLUPS} RETURNING 1)
  SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM folded)::int AS folded`;

/** Rollup deltas as the ten array parameters of ROLLUP_INPUT. */
function rollupParams(deltas: RollupDeltas): string[] {
  const { dimensions, days, keys, sums } = deltas.columns();
  return [
    textArrayLiteral(dimensions),
    textArrayLiteral(days),
    textArrayLiteral(keys),
    ...sums.map((column) => floatArrayLiteral(column)),
  ];
}

/**
 * The rollup rows GET /stats reads: view_rollups and the deltas not yet folded into it, filtered
 * by dimension and day in both (`$1` dimension, `$2` and `$3` the days), read by one statement so
 * that a compaction committing meanwhile is seen either wholly or not at all.
 */
const ROLLUP_ROWS = ['view_rollups', 'view_rollup_deltas']
  .map(
    (table) =>
      `SELECT day, key, views, minutes, data_volume_gb, energy_kwh, emissions_g, avoided_g, receipt_views FROM ${table}
       WHERE dimension = $1 AND day >= $2::date AND day < $3::date`,
  )
  .join(' UNION ALL ');

interface RollupRow {
  views: number;
  minutes: number;
  data_volume_gb: number;
  energy_kwh: number;
  emissions_g: number;
  avoided_g: number;
  receipt_views: number;
}

function sums(row: RollupRow): RollupSums {
  return {
    views: row.views,
    minutes: row.minutes,
    dataVolumeGb: row.data_volume_gb,
    energyKwh: row.energy_kwh,
    emissionsG: row.emissions_g,
    avoidedG: row.avoided_g,
    receiptViews: row.receipt_views,
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** SQL of view_rollups and view_rollup_deltas. */
@Injectable()
export class RollupsRepository {
  constructor(private readonly sessions: PgSessions) {}

  /**
   * Appends rollup deltas to view_rollup_deltas, in `client`'s transaction: no lookup, no lock on
   * shared rows. Batches append rather than upsert into view_rollups: every batch shares today's
   * rollup rows, and upserting them cost about a fifth of the database's work on a batch and made
   * concurrent batches wait for each other's commit. RollupCompactionService folds the deltas in
   * about once a second.
   */
  async appendDeltas(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
    if (deltas.size === 0) return;
    await client.query(`INSERT INTO view_rollup_deltas SELECT * FROM ${ROLLUP_INPUT}`, rollupParams(deltas));
  }

  /** Adds rollup deltas straight to view_rollups, in `client`'s transaction (bulk loads: seed:views). */
  async upsert(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
    if (deltas.size === 0) return;
    await client.query(
      `WITH input AS (SELECT * FROM ${ROLLUP_INPUT}) ${ADD_TO_ROLLUPS}`,
      rollupParams(deltas),
    );
  }

  /**
   * Folds the pending rollup deltas into view_rollups; answers how many delta rows it moved. Then
   * vacuums the delta table, so that the next deltas reuse the space of those just moved: GET
   * /stats scans that table whole, and autovacuum (which visits a database once a minute) let it
   * grow by about 2 MB of dead rows per second of full-rate ingestion (a 40 s run left 77 MB, which
   * the /stats query took 30 ms to scan, against 3.5 ms with this vacuum). SKIP_LOCKED: another
   * instance's vacuum of the same table is as good.
   */
  async compact(): Promise<{ moved: number; folded: number }> {
    const result = await this.sessions.query<{ moved: number; folded: number }>(COMPACT_ROLLUPS_SQL, []);
    const counts = result.rows[0] ?? { moved: 0, folded: 0 };
    if (counts.moved > 0) await this.sessions.query('VACUUM (SKIP_LOCKED) view_rollup_deltas', []);
    return counts;
  }

  /**
   * Sums per key of one dimension over [from, to) days (rollups and pending deltas), on `client`
   * when given (e.g. in PgSessions.readSnapshot), else on the pool.
   */
  async groups(
    dimension: RollupDimension,
    from: Date,
    to: Date,
    order: 'views' | 'key',
    limit: number,
    client?: pg.PoolClient,
  ): Promise<(RollupSums & { key: string })[]> {
    const result = await this.sessions.query<RollupRow & { key: string }>(
      `SELECT key, sum(views)::float8 AS views, sum(minutes) AS minutes, sum(data_volume_gb) AS data_volume_gb,
              sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g, sum(avoided_g) AS avoided_g,
              sum(receipt_views)::float8 AS receipt_views
       FROM (${ROLLUP_ROWS}) r
       GROUP BY key ORDER BY ${order === 'views' ? 'views DESC, key' : 'key'} LIMIT $4`,
      [dimension, isoDay(from), isoDay(to), limit],
      client,
    );
    return result.rows.map((row) => ({ key: row.key, ...sums(row) }));
  }

  /** Totals per day over [from, to) (the 'all' dimension, rollups and pending deltas); `client` as above. */
  async dailyTotals(from: Date, to: Date, client?: pg.PoolClient): Promise<(RollupSums & { day: Date })[]> {
    const result = await this.sessions.query<RollupRow & { day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(views)::float8 AS views, sum(minutes) AS minutes,
              sum(data_volume_gb) AS data_volume_gb, sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g,
              sum(avoided_g) AS avoided_g, sum(receipt_views)::float8 AS receipt_views
       FROM (${ROLLUP_ROWS}) r GROUP BY day ORDER BY day`,
      ['all', isoDay(from), isoDay(to)],
      client,
    );
    return result.rows.map((row) => ({ day: new Date(`${row.day}T00:00:00Z`), ...sums(row) }));
  }
}
