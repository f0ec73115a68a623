import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { ViewPosition } from '../domain/cursor.js';
import { floatArrayLiteral, textArrayLiteral } from './pg-arrays.js';
import { RollupDeltas } from '../domain/rollups.js';
import type { RollupDimension, RollupSums } from '../domain/stats.js';

/** A view ready to store: the input, where it was served, and its footprint. */
export interface ViewRow {
  clientId: string;
  videoId: string;
  startedAt: Date;
  durationMinutes: number;
  resolution: string;
  device: string;
  connection: string;
  viewerCountry: string;
  viewerZone: string;
  region: string;
  provider: string;
  dataCentreZone: string;
  model: string;
  dataVolumeGb: number;
  energyKwh: Segments;
  emissionsG: Segments;
  dataCentreGCo2ePerKwh: number;
  viewerGCo2ePerKwh: number;
  dataCentreSources: string[];
  viewerSources: string[];
}

interface Segments {
  dataCentre: number;
  network: number;
  device: number;
  embodied: number;
  total: number;
}

/** A stored view as read back (snake_case columns). */
export interface StoredViewRow {
  id: string;
  started_at_micros: string;
  started_at: Date;
  client_id: string;
  video_id: string;
  duration_minutes: number;
  resolution: string;
  device: string;
  connection: string;
  viewer_country: string;
  viewer_zone: string;
  region: string;
  provider: string;
  data_centre_zone: string;
  model: string;
  data_volume_gb: number;
  energy_data_centre_kwh: number;
  energy_network_kwh: number;
  energy_device_kwh: number;
  energy_embodied_kwh: number;
  energy_total_kwh: number;
  emissions_data_centre_g: number;
  emissions_network_g: number;
  emissions_device_g: number;
  emissions_embodied_g: number;
  emissions_total_g: number;
  data_centre_g_co2e_per_kwh: number;
  viewer_g_co2e_per_kwh: number;
  data_centre_sources: string[];
  viewer_sources: string[];
}

export interface ViewFilter {
  from?: Date;
  to?: Date;
  viewerCountry?: string;
  region?: string;
  videoId?: string;
  after?: ViewPosition;
}

export interface IdempotentAnswer {
  statusCode: number;
  response: unknown;
  requestHash: string;
}

const ROLLUP_INPUT = `unnest($1::text[], $2::date[], $3::text[], $4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])`;

/** Adds the incoming rows (`input`: dimension, day, key and the five sums) to view_rollups. */
const ADD_TO_ROLLUPS = `
  INSERT INTO view_rollups AS r (dimension, day, key, views, minutes, data_volume_gb, energy_kwh, emissions_g)
  SELECT * FROM input ORDER BY 1, 2, 3
  ON CONFLICT (dimension, day, key) DO UPDATE SET
    views = r.views + EXCLUDED.views, minutes = r.minutes + EXCLUDED.minutes,
    data_volume_gb = r.data_volume_gb + EXCLUDED.data_volume_gb,
    energy_kwh = r.energy_kwh + EXCLUDED.energy_kwh, emissions_g = r.emissions_g + EXCLUDED.emissions_g`;

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
           sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g
    FROM moved GROUP BY 1, 2, 3
  ),
  folded AS (${ADD_TO_ROLLUPS} RETURNING 1)
  SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM folded)::int AS folded`;

/** Rollup deltas as the eight array parameters of ROLLUP_INPUT. */
function rollupParams(deltas: RollupDeltas): string[] {
  const { dimensions, days, keys, sums } = deltas.columns();
  return [
    textArrayLiteral(dimensions),
    textArrayLiteral(days),
    textArrayLiteral(keys),
    ...sums.map((column) => floatArrayLiteral(column)),
  ];
}

/** Adds rollup deltas straight to view_rollups (bulk loads: seed:views). */
export async function upsertRollups(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
  if (deltas.size === 0) return;
  await client.query(`WITH input AS (SELECT * FROM ${ROLLUP_INPUT}) ${ADD_TO_ROLLUPS}`, rollupParams(deltas));
}

/** Appends rollup deltas to view_rollup_deltas (no lookup, no lock on shared rows). */
export async function appendRollupDeltas(client: pg.PoolClient, deltas: RollupDeltas): Promise<void> {
  if (deltas.size === 0) return;
  await client.query(`INSERT INTO view_rollup_deltas SELECT * FROM ${ROLLUP_INPUT}`, rollupParams(deltas));
}

/**
 * The rollup rows GET /stats reads: view_rollups and the deltas not yet folded into it, filtered
 * by dimension and day in both (`$1` dimension, `$2` and `$3` the days), read by one statement so
 * that a compaction committing meanwhile is seen either wholly or not at all.
 */
const ROLLUP_ROWS = ['view_rollups', 'view_rollup_deltas']
  .map(
    (table) =>
      `SELECT day, key, views, minutes, data_volume_gb, energy_kwh, emissions_g FROM ${table}
       WHERE dimension = $1 AND day >= $2::date AND day < $3::date`,
  )
  .join(' UNION ALL ');

export const VIEW_COLUMNS = `client_id, video_id, started_at, duration_minutes, resolution, device, connection,
  viewer_country, viewer_zone, region, provider, data_centre_zone, model, data_volume_gb,
  energy_data_centre_kwh, energy_network_kwh, energy_device_kwh, energy_embodied_kwh, energy_total_kwh,
  emissions_data_centre_g, emissions_network_g, emissions_device_g, emissions_embodied_g, emissions_total_g,
  data_centre_g_co2e_per_kwh, viewer_g_co2e_per_kwh, data_centre_sources, viewer_sources`;

/** Inserts the views whose clientId is new for the key; answers the client ids inserted. */
export const INSERT_VIEWS_SQL = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::text[], $7::text[],
      $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[],
      $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::float8[],
      $21::float8[], $22::float8[], $23::float8[], $24::float8[], $25::float8[],
      $26::float8[], $27::float8[], $28::text[], $29::text[])
    AS i(client_id, video_id, started_at, duration_minutes, resolution, device, connection, viewer_country,
      viewer_zone, region, provider, data_centre_zone, model, data_volume_gb,
      energy_data_centre_kwh, energy_network_kwh, energy_device_kwh, energy_embodied_kwh, energy_total_kwh,
      emissions_data_centre_g, emissions_network_g, emissions_device_g, emissions_embodied_g, emissions_total_g,
      data_centre_g_co2e_per_kwh, viewer_g_co2e_per_kwh, data_centre_sources, viewer_sources)
  ),
  claimed AS (
    INSERT INTO view_client_ids (key_id, client_id) SELECT $1, client_id FROM input
    ON CONFLICT DO NOTHING RETURNING client_id
  ),
  inserted AS (
    INSERT INTO views (key_id, ${VIEW_COLUMNS})
    SELECT $1, i.client_id, i.video_id, i.started_at, i.duration_minutes, i.resolution, i.device, i.connection,
      i.viewer_country, i.viewer_zone, i.region, i.provider, i.data_centre_zone, i.model, i.data_volume_gb,
      i.energy_data_centre_kwh, i.energy_network_kwh, i.energy_device_kwh, i.energy_embodied_kwh, i.energy_total_kwh,
      i.emissions_data_centre_g, i.emissions_network_g, i.emissions_device_g, i.emissions_embodied_g,
      i.emissions_total_g, i.data_centre_g_co2e_per_kwh, i.viewer_g_co2e_per_kwh,
      string_to_array(i.data_centre_sources, ','), string_to_array(i.viewer_sources, ',')
    FROM input i JOIN claimed c ON c.client_id = i.client_id
    RETURNING client_id
  )
  SELECT client_id FROM inserted`;

const SELECT_VIEW = `SELECT id, (extract(epoch FROM started_at) * 1000000)::bigint AS started_at_micros, started_at,
  ${VIEW_COLUMNS} FROM views`;

export function viewArrays(keyId: string, rows: ViewRow[]): unknown[] {
  const text = (pick: (row: ViewRow) => string) => textArrayLiteral(rows.map(pick));
  const float = (pick: (row: ViewRow) => number) => floatArrayLiteral(rows.map(pick));
  return [
    keyId,
    text((row) => row.clientId),
    text((row) => row.videoId),
    text((row) => row.startedAt.toISOString()),
    float((row) => row.durationMinutes),
    text((row) => row.resolution),
    text((row) => row.device),
    text((row) => row.connection),
    text((row) => row.viewerCountry),
    text((row) => row.viewerZone),
    text((row) => row.region),
    text((row) => row.provider),
    text((row) => row.dataCentreZone),
    text((row) => row.model),
    float((row) => row.dataVolumeGb),
    float((row) => row.energyKwh.dataCentre),
    float((row) => row.energyKwh.network),
    float((row) => row.energyKwh.device),
    float((row) => row.energyKwh.embodied),
    float((row) => row.energyKwh.total),
    float((row) => row.emissionsG.dataCentre),
    float((row) => row.emissionsG.network),
    float((row) => row.emissionsG.device),
    float((row) => row.emissionsG.embodied),
    float((row) => row.emissionsG.total),
    float((row) => row.dataCentreGCo2ePerKwh),
    float((row) => row.viewerGCo2ePerKwh),
    text((row) => row.dataCentreSources.join(',')),
    text((row) => row.viewerSources.join(',')),
  ];
}

/** Builds the WHERE clause of a view listing; parameters are appended to `params`. */
export function viewWhere(filter: ViewFilter, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.from) add((p) => `started_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `started_at < ${p}`, filter.to);
  if (filter.viewerCountry) add((p) => `viewer_country = ${p}`, filter.viewerCountry);
  if (filter.region) add((p) => `region = ${p}`, filter.region);
  if (filter.videoId) add((p) => `video_id = ${p}`, filter.videoId);
  if (filter.after) {
    params.push(filter.after.startedAtMicros.toString(), filter.after.id.toString());
    const micros = `$${params.length - 1}`;
    const id = `$${params.length}`;
    conditions.push(
      `(started_at, id) > (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::bigint)`,
    );
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** SQL of views, rollups and idempotency records, on pg sessions of the shared pool. */
@Injectable()
export class ConsumptionStore {
  constructor(private readonly sessions: PgSessions) {}

  /** One transaction (see PgSessions.transaction). */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.sessions.transaction(work);
  }

  /** One read-only snapshot (see PgSessions.readSnapshot). */
  readSnapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.sessions.readSnapshot(work);
  }

  /**
   * Inserts views whose clientId is new for `keyId`, then appends what those views add to the
   * rollups; returns how many were new. The deltas are summed here (a few hundred rows per 1,000
   * views) and appended to view_rollup_deltas rather than upserted into view_rollups: every batch
   * shares today's rollup rows, and upserting them cost about a fifth of the database's work on a
   * batch and made concurrent batches wait for each other's commit. RollupCompactionService folds
   * the deltas in about once a second.
   */
  async insertViews(client: pg.PoolClient, keyId: string, rows: ViewRow[]): Promise<number> {
    const result = await client.query<{ client_id: string }>(INSERT_VIEWS_SQL, viewArrays(keyId, rows));
    const inserted = new Set(result.rows.map((row) => row.client_id));
    const deltas = new RollupDeltas();
    for (const row of rows) {
      if (!inserted.has(row.clientId)) continue;
      deltas.add({
        startedAt: row.startedAt,
        viewerCountry: row.viewerCountry,
        region: row.region,
        provider: row.provider,
        resolution: row.resolution,
        device: row.device,
        connection: row.connection,
        model: row.model,
        videoId: row.videoId,
        durationMinutes: row.durationMinutes,
        dataVolumeGb: row.dataVolumeGb,
        energyTotalKwh: row.energyKwh.total,
        emissionsTotalG: row.emissionsG.total,
      });
    }
    await appendRollupDeltas(client, deltas);
    return inserted.size;
  }

  /**
   * Folds the pending rollup deltas into view_rollups; answers how many delta rows it moved. Then
   * vacuums the delta table, so that the next deltas reuse the space of those just moved: GET
   * /stats scans that table whole, and autovacuum (which visits a database once a minute) let it
   * grow by about 2 MB of dead rows per second of full-rate ingestion (a 40 s run left 77 MB, which
   * the /stats query took 30 ms to scan, against 3.5 ms with this vacuum). SKIP_LOCKED: another
   * instance's vacuum of the same table is as good.
   */
  async compactRollups(): Promise<{ moved: number; folded: number }> {
    const result = await this.query<{ moved: number; folded: number }>(COMPACT_ROLLUPS_SQL, []);
    const counts = result.rows[0] ?? { moved: 0, folded: 0 };
    if (counts.moved > 0) await this.query('VACUUM (SKIP_LOCKED) view_rollup_deltas', []);
    return counts;
  }

  /** Claims an Idempotency-Key: undefined when claimed now, else the answer stored by the first. */
  async claimIdempotencyKey(
    client: pg.PoolClient,
    keyId: string,
    idempotencyKey: string,
    requestHash: string,
  ): Promise<IdempotentAnswer | undefined> {
    const claimed = await client.query(
      `INSERT INTO idempotency_records (key_id, idempotency_key, request_hash, status_code)
       VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING RETURNING 1`,
      [keyId, idempotencyKey, requestHash],
    );
    if (claimed.rowCount === 1) return undefined;
    const stored = await client.query<{ status_code: number; response: unknown; request_hash: string }>(
      `SELECT status_code, response, request_hash FROM idempotency_records WHERE key_id = $1 AND idempotency_key = $2`,
      [keyId, idempotencyKey],
    );
    const row = stored.rows[0];
    if (!row) throw new Error('Idempotency record vanished');
    return { statusCode: row.status_code, response: row.response, requestHash: row.request_hash };
  }

  async storeIdempotentAnswer(
    client: pg.PoolClient,
    keyId: string,
    idempotencyKey: string,
    statusCode: number,
    response: unknown,
  ): Promise<void> {
    await client.query(
      `UPDATE idempotency_records SET status_code = $3, response = $4::jsonb WHERE key_id = $1 AND idempotency_key = $2`,
      [keyId, idempotencyKey, statusCode, JSON.stringify(response)],
    );
  }

  async listViews(filter: ViewFilter, limit: number): Promise<StoredViewRow[]> {
    const params: unknown[] = [];
    const where = viewWhere(filter, params);
    params.push(limit);
    const result = await this.query<StoredViewRow>(
      `${SELECT_VIEW} ${where} ORDER BY started_at, id LIMIT $${params.length}`,
      params,
    );
    return result.rows;
  }

  /**
   * Every view matching the filter, in (startedAt, id) order, `batchSize` rows at a time through a
   * server-side cursor inside one read-only transaction (a consistent snapshot), so that memory
   * stays flat whatever the number of rows.
   */
  async *streamViews(filter: ViewFilter, batchSize: number, limit?: number): AsyncGenerator<StoredViewRow[]> {
    const params: unknown[] = [];
    const where = viewWhere(filter, params);
    let sql = `${SELECT_VIEW} ${where} ORDER BY started_at, id`;
    if (limit !== undefined) {
      params.push(limit);
      sql += ` LIMIT $${params.length}`;
    }
    yield* this.sessions.streamSnapshot<StoredViewRow>(sql, params, batchSize);
  }

  /**
   * Sums per key of one dimension over [from, to) days (rollups and pending deltas), on `client`
   * when given (e.g. in readSnapshot), else on the pool.
   */
  async rollupGroups(
    dimension: RollupDimension,
    from: Date,
    to: Date,
    order: 'views' | 'key',
    limit: number,
    client?: pg.PoolClient,
  ): Promise<(RollupSums & { key: string })[]> {
    const result = await this.query<RollupRow & { key: string }>(
      `SELECT key, sum(views)::float8 AS views, sum(minutes) AS minutes, sum(data_volume_gb) AS data_volume_gb,
              sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g
       FROM (${ROLLUP_ROWS}) r
       GROUP BY key ORDER BY ${order === 'views' ? 'views DESC, key' : 'key'} LIMIT $4`,
      [dimension, isoDay(from), isoDay(to), limit],
      client,
    );
    return result.rows.map((row) => ({ key: row.key, ...sums(row) }));
  }

  /** Totals per day over [from, to) (the 'all' dimension, rollups and pending deltas); `client` as above. */
  async dailyTotals(from: Date, to: Date, client?: pg.PoolClient): Promise<(RollupSums & { day: Date })[]> {
    const result = await this.query<RollupRow & { day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(views)::float8 AS views, sum(minutes) AS minutes,
              sum(data_volume_gb) AS data_volume_gb, sum(energy_kwh) AS energy_kwh, sum(emissions_g) AS emissions_g
       FROM (${ROLLUP_ROWS}) r GROUP BY day ORDER BY day`,
      ['all', isoDay(from), isoDay(to)],
      client,
    );
    return result.rows.map((row) => ({ day: new Date(`${row.day}T00:00:00Z`), ...sums(row) }));
  }

  private query<T extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
    client?: pg.PoolClient,
  ): Promise<pg.QueryResult<T>> {
    return this.sessions.query<T>(sql, params, client);
  }
}

interface RollupRow {
  views: number;
  minutes: number;
  data_volume_gb: number;
  energy_kwh: number;
  emissions_g: number;
}

function sums(row: RollupRow): RollupSums {
  return {
    views: row.views,
    minutes: row.minutes,
    dataVolumeGb: row.data_volume_gb,
    energyKwh: row.energy_kwh,
    emissionsG: row.emissions_g,
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
