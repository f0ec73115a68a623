/**
 * Quick parsers for flat query DTOs on hot routes (docs/BENCHMARKS.md#quick-query-parsers).
 *
 * The validation pipe turns a query into its DTO with class-transformer and class-validator, and
 * caches the result by raw query. A steering query carries the viewer's session id (and the player's
 * throughput), so real traffic almost never repeats one: each request paid the full validation,
 * about 20 µs. A quick parser accepts the common, plainly valid queries by hand, field by field, and
 * answers `undefined` for anything else: then the pipe validates as before, and its answer (the
 * same DTO, or the same 400 naming the field) is what the client gets. A quick parser therefore
 * never decides that a query is wrong, and it only accepts what the DTO's rules accept, to the same
 * values: `quick-query.spec.ts` and each DTO's spec check that against the pipe on generated queries.
 */

/** A field's quick reading: the value the DTO would hold, or NOT_SURE to leave the query to the pipe. */
export type QuickField = (raw: string) => unknown;

export const NOT_SURE: unique symbol = Symbol('not sure');

type QuickParser = (raw: object) => object | undefined;

const parsers = new WeakMap<object, QuickParser>();

/**
 * Declares the quick parser of a query DTO: one reader per field. A query with another field, a
 * field given twice (an array) or a value a reader is not sure of goes to the full validation.
 */
export function QuickQuery(fields: Record<string, QuickField>): ClassDecorator {
  return (target) => {
    const metatype = target as unknown as new () => object;
    parsers.set(metatype, (raw) => {
      const instance = new metatype() as Record<string, unknown>;
      for (const name in raw) {
        if (!Object.hasOwn(raw, name)) continue;
        if (!Object.hasOwn(fields, name)) return undefined;
        const value = (raw as Record<string, unknown>)[name];
        if (typeof value !== 'string') return undefined;
        const read = fields[name](value);
        if (read === NOT_SURE) return undefined;
        instance[name] = read;
      }
      return Object.freeze(instance);
    });
  };
}

/** The quick parser declared for a DTO class, if any. */
export function quickParserOf(metatype: unknown): QuickParser | undefined {
  return typeof metatype === 'function' ? parsers.get(metatype) : undefined;
}

/** Accepts a string that the pattern matches in full (the DTO's @Matches, with its @MaxLength). */
export function matching(pattern: RegExp, maxLength = Number.POSITIVE_INFINITY): QuickField {
  return (raw) => (raw.length <= maxLength && pattern.test(raw) ? raw : NOT_SURE);
}

const TWO_LETTERS = /^[A-Za-z]{2}$/;

/** An ISO 3166-1 alpha-2 code in either case, upper-cased (the DTO's upperCase transform, then ^[A-Z]{2}$). */
export function countryCode(): QuickField {
  return (raw) => (TWO_LETTERS.test(raw) ? raw.toUpperCase() : NOT_SURE);
}

/**
 * A plain decimal number within [min, max] (the DTO's @Type(() => Number), @IsNumber, @Min, @Max).
 * Only digits with an optional sign and fraction: Number() reads `1e3`, `0x10`, ` 1` and the empty
 * string too, and those are left to the pipe.
 */
export function decimal(min: number, max: number): QuickField {
  return (raw) => {
    if (raw.length > 24 || !PLAIN_DECIMAL.test(raw)) return NOT_SURE;
    const value = Number(raw);
    return value >= min && value <= max ? value : NOT_SURE;
  };
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** One of the listed strings (the DTO's @IsIn). */
export function oneOf(values: readonly string[]): QuickField {
  const allowed = new Set(values);
  return (raw) => (allowed.has(raw) ? raw : NOT_SURE);
}

/** `true`/`1` and `false`/`0` (the DTO's toBoolean transform with @IsBoolean). */
export function flag(): QuickField {
  return (raw) => (raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : NOT_SURE);
}

/** Any single string (the DTO's @IsString). */
export function anyString(): QuickField {
  return (raw) => raw;
}
