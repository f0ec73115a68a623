import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, ValidationTypes, validateSync } from 'class-validator';
import { quickParserOf } from './quick-query.js';
import { BoundedCache } from '../cache/bounded-cache.js';
import { stringBytes } from '../cache/cache-sizes.js';
import { FieldProblem } from '../kernel/errors.js';

/** Fields named in an error's `detail` at most (`errors` lists every one). */
const MAX_FIELDS_IN_DETAIL = 20;

/** Raised by the global validation pipe; carries one entry per bad field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: FieldProblem[]) {
    // A Set keeps this linear in the number of errors (an indexOf per field made it quadratic).
    const fields = [...new Set(errors.map((error) => error.field))];
    const shown = fields.slice(0, MAX_FIELDS_IN_DETAIL).join(', ');
    super(
      `Invalid request: ${shown}${fields.length > MAX_FIELDS_IN_DETAIL ? ` and ${fields.length - MAX_FIELDS_IN_DETAIL} more` : ''}`,
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

/**
 * Validated path/query inputs remembered per DTO class (oldest forgotten first): at most this many
 * distinct inputs and this many estimated bytes, and only inputs short enough to be the repeated
 * queries of a hot route (docs/OPERATIONS.md#limits). A frozen instance is estimated at three
 * times its JSON key (the key, the instance's strings and numbers, the Map entry).
 */
export const VALIDATED_CACHE_LIMITS = {
  maxEntries: 10_000,
  maxBytes: 4 * 1024 * 1024,
  maxKeyLength: 512,
} as const;

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
   * region id). Instances are frozen, so sharing them is safe. Bodies are never cached. A query DTO
   * with a quick parser (quick-query.ts) is read by it first: steering queries carry a session id
   * and rarely repeat.
   */
  private readonly cache = new WeakMap<object, BoundedCache<string, object>>();

  transform(given: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    if (!metatype || metadata.type === 'custom' || NOT_VALIDATED.includes(metatype)) return given;
    const value = given ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new RequestValidationException([{ field: metadata.type, message: 'must be a JSON object' }]);
    }
    if (metadata.type === 'query') {
      const quick = quickParserOf(metatype)?.(value);
      if (quick !== undefined) return quick;
    }
    let isCacheable = metadata.type === 'query' || metadata.type === 'param';
    let known: BoundedCache<string, object> | undefined;
    const key = isCacheable ? JSON.stringify(value) : '';
    if (key.length > VALIDATED_CACHE_LIMITS.maxKeyLength) isCacheable = false;
    if (isCacheable) {
      known = this.cache.get(metatype);
      if (!known) {
        known = new BoundedCache<string, object>(VALIDATED_CACHE_LIMITS.maxEntries, {
          maxBytes: VALIDATED_CACHE_LIMITS.maxBytes,
          sizeOf: (cacheKey) => 3 * stringBytes(cacheKey) + 64,
          name: 'validated_queries',
        });
        this.cache.set(metatype, known);
      }
      const cached = known.get(key);
      if (cached) return cached;
    }
    const instance = validateDto(metatype as new () => object, value);
    known?.set(key, Object.freeze(instance));
    return instance;
  }
}

/** The DTO's class-transformer and class-validator rules, in full: its instance, or a 400 naming each field. */
export function validateDto(metatype: new () => object, value: object): object {
  const instance = plainToInstance(metatype, value) as object;
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  const problems = [...flattenValidationErrors(errors), ...nestingProblems(instance)];
  if (problems.length > 0) throw new RequestValidationException(problems);
  return instance;
}

function isJsonObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * class-validator's `@ValidateNested` lets arrays through where an object is expected (`"baseline":
 * []`, `"scenarios": [[]]`): it validates their items instead, so a handler would meet an array in
 * place of its nested DTO. Every nested property must be one JSON object (an array of them with
 * `each`); this walks the validated instance along the nested metadata and names each one that is not.
 */
export function nestingProblems(instance: object, parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(instance.constructor, '', true, false)
    .filter((entry) => entry.type === ValidationTypes.NESTED_VALIDATION);
  for (const entry of metadata) {
    const value = (instance as Record<string, unknown>)[entry.propertyName];
    if (value === undefined || value === null) continue;
    const field = fieldPath(parent, entry.propertyName);
    const items = entry.each ? value : [value];
    if (!Array.isArray(items)) {
      problems.push({ field, message: 'must be an array of JSON objects' });
      continue;
    }
    for (const [index, item] of items.entries()) {
      const itemField = entry.each ? fieldPath(field, String(index)) : field;
      if (!isJsonObject(item)) {
        problems.push({ field: itemField, message: 'must be a JSON object' });
      } else {
        problems.push(...nestingProblems(item, itemField));
      }
    }
  }
  return problems;
}

export function createValidationPipe(): DtoValidationPipe {
  return new DtoValidationPipe();
}
