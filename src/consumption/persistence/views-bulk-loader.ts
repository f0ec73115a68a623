/**
 * Bulk loads of views (`npm run seed:views`): streamed with COPY, a transaction per chunk, each
 * chunk's rollups upserted in its transaction.
 *
 * Bulk-loaded views carry key_id 'seed' and are not entered in view_client_ids: no provider key can
 * resend them, so duplicate detection has nothing to protect, and the table would double the load.
 */
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { PgSessions } from '../../platform/database/pg-sessions.js';
import { partitionsCovering } from '../domain/partitions.js';
import { RollupDeltas } from '../domain/rollups.js';
import { rollupContribution, type ViewRow } from '../domain/view-row.js';
import { RollupsRepository } from './rollups.repository.js';
import { VIEW_COLUMNS_SQL, type ViewColumnsSql } from './view-columns-sql.js';
import { ensureViewPartitions } from './view-partitions.js';

export const BULK_LOAD_KEY_ID = 'seed';

export interface BulkLoadOptions {
  /** Views to load: the first `count` that `views` yields. */
  count: number;
  /** Views per COPY transaction. */
  chunkSize: number;
  /** Every view starts in [from, to]: the monthly partitions of that span are created first. */
  from: Date;
  to: Date;
  onProgress?: (loaded: number, total: number, elapsedSeconds: number) => void;
  /** Called after each secondary index rebuilt at the end of a load into an empty table. */
  onIndex?: (name: string, seconds: number) => void;
}

export class ViewsBulkLoader {
  private readonly rollups: RollupsRepository;

  constructor(
    private readonly sessions: PgSessions,
    private readonly columns: ViewColumnsSql = VIEW_COLUMNS_SQL,
  ) {
    this.rollups = new RollupsRepository(sessions);
  }

  async load(
    views: Iterable<ViewRow>,
    options: BulkLoadOptions,
  ): Promise<{ loaded: number; seconds: number }> {
    const started = Date.now();
    await ensureViewPartitions(this.sessions.pool(), partitionsCovering(options.from, options.to));
    const source = views[Symbol.iterator]();
    let loaded = 0;
    // Into an empty table, building the secondary indexes once at the end is several times faster
    // than maintaining them row by row. They are rebuilt (same definitions) even if the load fails.
    const isEmpty =
      (await this.sessions.query(`SELECT NOT EXISTS (SELECT 1 FROM views) AS empty`, [])).rows[0]?.empty ===
      true;
    const deferred = isEmpty
      ? (
          await this.sessions.query<{ indexname: string; indexdef: string }>(
            `SELECT indexname, indexdef FROM pg_indexes
             WHERE schemaname = 'public' AND tablename = 'views' AND indexname LIKE 'IDX_views_%'`,
            [],
          )
        ).rows
      : [];
    for (const index of deferred) await this.sessions.query(`DROP INDEX "${index.indexname}"`, []);
    try {
      while (loaded < options.count) {
        const size = Math.min(options.chunkSize, options.count - loaded);
        await this.sessions.transaction((client) => this.loadChunk(client, source, size));
        loaded += size;
        options.onProgress?.(loaded, options.count, (Date.now() - started) / 1000);
      }
    } finally {
      for (const index of deferred) {
        const building = Date.now();
        // pg_indexes shows a partitioned index as `ON ONLY views`, which would not build the partitions' indexes.
        await this.sessions.query(index.indexdef.replace(' ON ONLY ', ' ON '), []);
        options.onIndex?.(index.indexname, (Date.now() - building) / 1000);
      }
    }
    return { loaded, seconds: (Date.now() - started) / 1000 };
  }

  /** COPYs the next `size` views, then upserts their rollups, in `client`'s transaction. */
  private async loadChunk(client: pg.PoolClient, source: Iterator<ViewRow>, size: number): Promise<void> {
    const rollups = new RollupDeltas();
    const copy = client.query(copyFrom(`COPY views (key_id, ${this.columns.columnList}) FROM STDIN`));
    const finished = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    try {
      let buffer = '';
      for (let index = 0; index < size; index++) {
        const next = source.next();
        if (next.done) throw new Error(`Fewer views than the ${size} of this chunk`);
        buffer += this.columns.copyLine(BULK_LOAD_KEY_ID, next.value);
        rollups.add(rollupContribution(next.value));
        if (buffer.length > 1 << 20) {
          if (!copy.write(buffer)) await new Promise((resolve) => copy.once('drain', resolve));
          buffer = '';
        }
      }
      copy.end(buffer);
    } catch (error) {
      // Ends the COPY (CopyFail), so that the transaction can roll back.
      copy.destroy(error as Error);
      await finished.catch(() => undefined);
      throw error;
    }
    await finished;
    await this.rollups.upsert(client, rollups);
  }
}
