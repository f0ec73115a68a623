/** Opaque keyset cursor of GET /consumption: the (startedAt, id) of the last row sent. Pure. */
import { InvalidInputError } from '../../platform/kernel/errors.js';

export interface ViewPosition {
  /** started_at in microseconds since the epoch, as PostgreSQL stores it (exact). */
  startedAtMicros: bigint;
  id: bigint;
}

export function encodeCursor(position: ViewPosition): string {
  return Buffer.from(`v1:${position.startedAtMicros}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): ViewPosition {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^v1:(-?\d{1,19}):(\d{1,19})$/.exec(text);
  if (!match)
    throw InvalidInputError.forField('cursor', 'is not a cursor this API gave (use nextCursor as is)');
  return { startedAtMicros: BigInt(match[1] as string), id: BigInt(match[2] as string) };
}
