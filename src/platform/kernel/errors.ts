/**
 * Domain errors: thrown by services and pure code, they know nothing of HTTP. The problem+json
 * filter maps each kind to its status.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is well-formed but invalid: answered 400, naming the fields. */
export class InvalidInputError extends DomainError {
  readonly errors: FieldProblem[];
  constructor(message: string, errors: FieldProblem[] = []) {
    super(message);
    this.errors = errors;
  }

  static forField(field: string, message: string): InvalidInputError {
    return new InvalidInputError(`${field} ${message}`, [{ field, message }]);
  }
}

export class NotFoundError extends DomainError {}

export class ConflictError extends DomainError {}

/** A request that is valid but cannot be satisfied (e.g. no eligible region): 422. */
export class UnprocessableError extends DomainError {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A dependency we cannot do without (the database) is unavailable: 503, safe to retry. */
export class ServiceUnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
