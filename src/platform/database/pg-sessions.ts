import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { isDatabaseUnavailable, unavailable } from './database-errors.js';

/** The pg pool under TypeORM's PostgresDriver (kept as `master` when no replication is set up): the one way to reach it. */
export function pgPool(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as PostgresDriver).master as pg.Pool;
}

export const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * A pool client checked out for a transaction. A connection cut while it is held is recorded here
 * (pg reports it as an event, and through the failing query), so that `release` throws the client
 * away instead of returning it to the pool.
 */
class HeldClient {
  broken: Error | undefined;
  private readonly onError = (error: Error) => {
    this.broken = error;
  };

  constructor(readonly client: pg.PoolClient) {
    client.on('error', this.onError);
  }

  markBroken(error: unknown): void {
    this.broken = error instanceof Error ? error : new Error(String(error));
  }

  release(): void {
    this.client.off('error', this.onError);
    this.client.release(this.broken);
  }
}

/**
 * Plain pg sessions on TypeORM's pool, for the SQL that TypeORM's query builder does not do well
 * (arrays, COPY, cursors, explicit snapshots). A database that is not there answers 503
 * (`ServiceUnavailableError`) wherever it shows: at checkout, in a statement or at commit.
 */
@Injectable()
export class PgSessions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  pool(): pg.Pool {
    return pgPool(this.dataSource);
  }

  /** One statement on `client` when given (inside a transaction), else on the pool. */
  async query<T extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
    client?: pg.PoolClient,
  ): Promise<pg.QueryResult<T>> {
    try {
      return await (client ?? this.pool()).query<T>(sql, params);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw unavailable(error);
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction on a client of its own. A lost connection answers 503 and the
   * broken client is thrown away; any error rolls everything back.
   */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const held = await this.checkout();
    const { client } = held;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => held.markBroken(rollbackError));
      if (isDatabaseUnavailable(error)) {
        held.broken ??= error as Error;
        throw unavailable(error);
      }
      throw error;
    } finally {
      held.release();
    }
  }

  /**
   * Runs `work` in one read-only repeatable-read transaction: every read it makes on `client` sees
   * the same snapshot (for example the totals and the groups of one answer agree even while other
   * transactions commit between its statements).
   */
  readSnapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(work, BEGIN_SNAPSHOT);
  }

  /**
   * Every row of `sql`, `batchSize` rows at a time through a server-side cursor inside one read-only
   * snapshot, so that memory stays flat whatever the number of rows.
   */
  async *streamSnapshot<T extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
    batchSize: number,
  ): AsyncGenerator<T[]> {
    const held = await this.checkout();
    const { client } = held;
    try {
      await client.query(BEGIN_SNAPSHOT);
      await client.query(`DECLARE snapshot_stream NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const batch = await client.query<T>(`FETCH FORWARD ${batchSize} FROM snapshot_stream`);
        if (batch.rows.length > 0) yield batch.rows;
        if (batch.rows.length < batchSize) break;
      }
      await client.query('COMMIT');
    } catch (error) {
      held.markBroken(error);
      throw isDatabaseUnavailable(error) ? unavailable(error) : error;
    } finally {
      // Also reached when the consumer stops early (client gone): the transaction is dropped with it.
      if (!held.broken) await client.query('ROLLBACK').catch(() => undefined);
      held.release();
    }
  }

  /** A pool client of its own; failing to get one (database down) answers 503. */
  private async checkout(): Promise<HeldClient> {
    try {
      return new HeldClient(await this.pool().connect());
    } catch (error) {
      throw isDatabaseUnavailable(error) ? unavailable(error) : error;
    }
  }
}
