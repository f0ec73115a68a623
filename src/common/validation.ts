import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './errors.js';

/** Raised by the global ValidationPipe; carries one entry per bad field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: FieldProblem[]) {
    super(
      `Invalid request: ${errors
        .map((error) => error.field)
        .filter((field, index, fields) => fields.indexOf(field) === index)
        .join(', ')}`,
    );
  }
}

function fieldPath(parent: string, property: string): string {
  if (parent === '') return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** Flattens class-validator's tree into `{ field, message }` pairs, e.g. `views[3].clientId`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = fieldPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator writes "property ..." (or "property X should not exist"); keep the message
      // readable without the repeated name, since `field` already says which one.
      problems.push({
        field,
        message: message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message,
      });
    }
    if (error.children && error.children.length > 0)
      problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
