import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DtoValidationPipe, RequestValidationException } from './validation.js';

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit: number = 5;

  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
}

describe('DtoValidationPipe', () => {
  const pipe = new DtoValidationPipe();

  it('converts and validates a query into its class, applying defaults', () => {
    const query = pipe.transform({ limit: '3' }, { type: 'query', metatype: PageQuery }) as PageQuery;
    expect(query).toBeInstanceOf(PageQuery);
    expect(query.limit).toBe(3);
    expect((pipe.transform({}, { type: 'query', metatype: PageQuery }) as PageQuery).limit).toBe(5);
  });

  it('names every bad or unknown field', () => {
    let error: unknown;
    try {
      pipe.transform({ limit: '11', country: 'fr', colour: 'green' }, { type: 'query', metatype: PageQuery });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RequestValidationException);
    expect((error as RequestValidationException).errors.map((problem) => problem.field).sort()).toEqual([
      'colour',
      'country',
      'limit',
    ]);
  });

  it('reuses the validated instance for the same query, frozen, and never caches a failure or a body', () => {
    const first = pipe.transform({ limit: '2' }, { type: 'query', metatype: PageQuery });
    expect(pipe.transform({ limit: '2' }, { type: 'query', metatype: PageQuery })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => pipe.transform({ limit: '0' }, { type: 'query', metatype: PageQuery })).toThrow(
      RequestValidationException,
    );
    expect(() => pipe.transform({ limit: '0' }, { type: 'query', metatype: PageQuery })).toThrow(
      RequestValidationException,
    );
    const body = pipe.transform({ limit: 2 }, { type: 'body', metatype: PageQuery });
    expect(pipe.transform({ limit: 2 }, { type: 'body', metatype: PageQuery })).not.toBe(body);
    expect(Object.isFrozen(body)).toBe(false);
  });

  it('rejects a body that is not a JSON object and leaves primitives alone', () => {
    expect(() => pipe.transform([1, 2], { type: 'body', metatype: PageQuery })).toThrow(
      RequestValidationException,
    );
    expect(() => pipe.transform('text', { type: 'body', metatype: PageQuery })).toThrow(
      RequestValidationException,
    );
    expect(pipe.transform('abc', { type: 'param', metatype: String })).toBe('abc');
  });

  it('keeps the cache of each DTO class apart, even for classes of the same name', () => {
    const makeClass = (pattern: RegExp) => {
      class Same {
        @Matches(pattern)
        code!: string;
      }
      return Same;
    };
    const letters = makeClass(/^[A-Z]+$/);
    const digits = makeClass(/^[0-9]+$/);
    expect(pipe.transform({ code: 'AB' }, { type: 'param', metatype: letters })).toBeInstanceOf(letters);
    expect(() => pipe.transform({ code: 'AB' }, { type: 'param', metatype: digits })).toThrow(
      RequestValidationException,
    );
  });
});
