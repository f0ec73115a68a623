import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { BoundedCache } from '../cache/bounded-cache.js';
import { FieldProblem } from '../kernel/errors.js';

/** Raised by the global validation pipe; carries one entry per bad field. */
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

/** Distinct validated path/query inputs remembered per DTO class (oldest forgotten first). */
const VALIDATED_CACHE_SIZE = 10_000;

const NOT_VALIDATED: readonly unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/**
 * Turns each query, path and body DTO into an instance of its class (class-transformer) and checks
 * it against its class-validator rules, synchronously. Nest's ValidationPipe does the same with
 * extra generality (async validators, binary and sparse-array handling) that costs more than a
 * whole cheap request (docs/BENCHMARKS.md#validation-pipe); GreenStream's DTOs use none of it.
 */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  /**
   * Path and query DTOs already validated, by class and raw input: the same query string always
   * gives the same DTO, and hot read routes see the same few inputs again and again (a zone, a
   * region id). Instances are frozen, so sharing them is safe. Bodies are never cached.
   */
  private readonly cache = new WeakMap<object, BoundedCache<string, object>>();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    if (!metatype || metadata.type === 'custom' || NOT_VALIDATED.includes(metatype)) return value;
    if (value === undefined || value === null) value = {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new RequestValidationException([{ field: metadata.type, message: 'must be a JSON object' }]);
    }
    const isCacheable = metadata.type === 'query' || metadata.type === 'param';
    let known: BoundedCache<string, object> | undefined;
    const key = isCacheable ? JSON.stringify(value) : '';
    if (isCacheable) {
      known = this.cache.get(metatype);
      if (!known) {
        known = new BoundedCache(VALIDATED_CACHE_SIZE);
        this.cache.set(metatype, known);
      }
      const cached = known.get(key);
      if (cached) return cached;
    }
    const instance = plainToInstance(metatype as new () => object, value) as object;
    const errors = validateSync(instance, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new RequestValidationException(flattenValidationErrors(errors));
    known?.set(key, Object.freeze(instance));
    return instance;
  }
}

export function createValidationPipe(): DtoValidationPipe {
  return new DtoValidationPipe();
}
