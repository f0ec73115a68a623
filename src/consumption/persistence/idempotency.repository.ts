import { Injectable } from '@nestjs/common';
import type pg from 'pg';

export interface IdempotentAnswer {
  statusCode: number;
  response: unknown;
  requestHash: string;
}

/** SQL of idempotency_records: the first answer to a request with an Idempotency-Key. */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims an Idempotency-Key in `client`'s transaction: undefined when claimed now, else the
   * answer stored by the first request.
   */
  async claim(
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

  async storeAnswer(
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
}
