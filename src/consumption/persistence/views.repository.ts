import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { ViewPosition } from '../domain/cursor.js';
import type { ViewRow } from '../domain/view-row.js';
import type { StoredView } from './view-columns.js';
import { VIEW_COLUMNS_SQL, type ViewColumnsSql } from './view-columns-sql.js';

/** A stored view as listed, with its start in microseconds (exact, for the cursor). */
export type ListedView = StoredView & { started_at_micros: string };

export interface ViewFilter {
  from?: Date;
  to?: Date;
  viewerCountry?: string;
  region?: string;
  videoId?: string;
  after?: ViewPosition;
}

/**
 * Inserts the views whose clientId is new for the key (`$1`); answers the client ids inserted.
 * The views come as one array parameter per column (`$2` …: `ViewColumnsSql.unnestParameters`).
 */
export function insertViewsSql(columns: ViewColumnsSql): string {
  return `
  WITH input AS (SELECT * FROM ${columns.unnest(2, 'i')}),
  claimed AS (
    INSERT INTO view_client_ids (key_id, client_id) SELECT $1, client_id FROM input
    ON CONFLICT DO NOTHING RETURNING client_id
  ),
  inserted AS (
    INSERT INTO views (key_id, ${columns.columnList})
    SELECT $1, ${columns.unnestValues('i')}
    FROM input i JOIN claimed c ON c.client_id = i.client_id
    RETURNING client_id
  )
  SELECT client_id FROM inserted`;
}

export const INSERT_VIEWS_SQL = insertViewsSql(VIEW_COLUMNS_SQL);

/** The parameters of INSERT_VIEWS_SQL. */
export function insertViewsParams(keyId: string, rows: readonly ViewRow[]): string[] {
  return [keyId, ...VIEW_COLUMNS_SQL.unnestParameters(rows)];
}

const SELECT_VIEWS = `SELECT ${VIEW_COLUMNS_SQL.selectList},
  (extract(epoch FROM started_at) * 1000000)::bigint AS started_at_micros FROM views`;

/** Builds the WHERE clause of a view listing; parameters are appended to `params`. */
function viewWhere(filter: ViewFilter, params: unknown[]): string {
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

/** SQL of the views table (and of view_client_ids, its duplicate guard). */
@Injectable()
export class ViewsRepository {
  constructor(private readonly sessions: PgSessions) {}

  /** Inserts the views whose clientId is new for `keyId`, in `client`'s transaction; answers their clientIds. */
  async insertNew(client: pg.PoolClient, keyId: string, rows: readonly ViewRow[]): Promise<Set<string>> {
    const result = await client.query<{ client_id: string }>(
      INSERT_VIEWS_SQL,
      insertViewsParams(keyId, rows),
    );
    return new Set(result.rows.map((row) => row.client_id));
  }

  async list(filter: ViewFilter, limit: number): Promise<ListedView[]> {
    const params: unknown[] = [];
    const where = viewWhere(filter, params);
    params.push(limit);
    const result = await this.sessions.query<ListedView>(
      `${SELECT_VIEWS} ${where} ORDER BY started_at, id LIMIT $${params.length}`,
      params,
    );
    return result.rows;
  }

  /**
   * Every view matching the filter, in (startedAt, id) order, `batchSize` rows at a time through a
   * server-side cursor inside one read-only transaction (a consistent snapshot), so that memory
   * stays flat whatever the number of rows.
   */
  async *stream(filter: ViewFilter, batchSize: number, limit?: number): AsyncGenerator<ListedView[]> {
    const params: unknown[] = [];
    const where = viewWhere(filter, params);
    let sql = `${SELECT_VIEWS} ${where} ORDER BY started_at, id`;
    if (limit !== undefined) {
      params.push(limit);
      sql += ` LIMIT $${params.length}`;
    }
    yield* this.sessions.streamSnapshot<ListedView>(sql, params, batchSize);
  }
}
