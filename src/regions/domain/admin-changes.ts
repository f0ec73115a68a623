import { InvalidInputError } from '../../platform/kernel/errors.js';

/**
 * A PATCH may clear an optional override with null (validation lets null through for every
 * optional field); any other field set to null is a bad request, not a NOT NULL violation.
 */
export function assertNoNull(changes: object, clearable: readonly string[]): void {
  const errors = Object.entries(changes)
    .filter(([field, value]) => value === null && !clearable.includes(field))
    .map(([field]) => ({ field, message: 'must not be null' }));
  if (errors.length > 0)
    throw new InvalidInputError(`Invalid request: ${errors.map((e) => e.field).join(', ')}`, errors);
}

/** A PATCH whose body sets no field is a bad request. */
export function assertChangesSomething(changes: object): void {
  if (Object.values(changes).every((value) => value === undefined))
    throw new InvalidInputError('The body changes no field', [
      { field: 'body', message: 'must change at least one field' },
    ]);
}
