import { Logger } from '@nestjs/common';
import { ServiceUnavailableError } from '../kernel/errors.js';

const logger = new Logger('Database');

/**
 * Errors that mean "the database is not there" rather than "this statement is wrong": connection
 * refused or lost, the server shutting down, too many connections. They answer 503 (safe to
 * retry: the transaction was rolled back, or never began).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08')) return true; // connection exception
    if (
      ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
    )
      return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed/i.test(
      message,
    )
  );
}

/** The detail of every 503 for a database that is not there (docs/OPERATIONS.md#crashes-and-recovery). */
export const DATABASE_UNAVAILABLE_DETAIL = 'The database is unavailable; nothing was stored, retry later';

/**
 * The 503 for a database that is not there. The cause (which may name the database's address,
 * e.g. `connect ECONNREFUSED 127.0.0.1:5432`) is logged, never answered.
 */
export function unavailable(error: unknown): ServiceUnavailableError {
  logger.warn({ cause: error instanceof Error ? error.message : String(error) }, 'Database unavailable');
  return new ServiceUnavailableError(DATABASE_UNAVAILABLE_DETAIL);
}

/** `error`, or the driver error a TypeORM error wraps, means that the database is not there. */
export function isDatabaseUnavailableOrWrapped(error: unknown): boolean {
  return (
    isDatabaseUnavailable(error) ||
    isDatabaseUnavailable((error as { driverError?: unknown } | null)?.driverError)
  );
}
