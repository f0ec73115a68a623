import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDate, MaxDate, MinDate } from 'class-validator';

/**
 * The instants a query may name when it reaches SQL: a negative or five-digit year is no PostgreSQL
 * timestamp (it would fail in the database as a 500), so such a year is a 400 naming the field.
 */
export const EARLIEST_INSTANT = new Date('1970-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');

/** An ISO 8601 date-time query field, bounded to [1970, 9999] (see EARLIEST_INSTANT). */
export function IsStoredInstant(): PropertyDecorator {
  return applyDecorators(
    Type(() => Date),
    IsDate({ message: 'must be an ISO 8601 date-time' }),
    MinDate(EARLIEST_INSTANT, { message: 'must be at or after 1970-01-01T00:00:00Z' }),
    MaxDate(LATEST_INSTANT, { message: 'must be before year 10000' }),
  );
}
