import { InvalidInputError } from '../kernel/errors.js';
import { checkJsonLimits, JSON_BODY_LIMITS, scanJsonLimits } from './json-body.js';

function refusedField(value: unknown): string | undefined {
  try {
    checkJsonLimits(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return error.errors[0]?.field;
  }
}

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('checkJsonLimits', () => {
  it('accepts the bodies of the API', () => {
    expect(
      refusedField({
        baseline: { durationMinutes: 60 },
        scenarios: [{ name: 'x', changes: { device: 'tv' } }],
      }),
    ).toBeUndefined();
    expect(
      refusedField({ views: Array.from({ length: 10_000 }, (_, index) => ({ clientId: `v${index}` })) }),
    ).toBe(undefined);
  });

  it('refuses 3,000 levels of nesting without overflowing the stack, naming where', () => {
    expect(refusedField(nested(3000))).toMatch(/^a\.a\.a/);
    expect(refusedField(JSON.parse('['.repeat(3000) + ']'.repeat(3000)))).toMatch(/^\[0\]\[0\]/);
    expect(refusedField(nested(JSON_BODY_LIMITS.maxDepth - 1))).toBeUndefined();
  });

  it('refuses too many keys, items or characters, and prototype keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, 1]));
    expect(refusedField(wide)).toBe('body');
    expect(refusedField({ views: new Array(10_001).fill(1) })).toBe('views');
    expect(refusedField({ name: 'x'.repeat(10_001) })).toBe('name');
    expect(refusedField(JSON.parse('{"a":{"__proto__":{"admin":true}}}'))).toBe('a.__proto__');
  });

  it('cuts long paths and escapes control characters in the field it names', () => {
    expect(refusedField({ ['\u0001'.repeat(3)]: 'x'.repeat(10_001) })).toBe('\\u0001\\u0001\\u0001');
    expect(refusedField({ ['k'.repeat(500)]: 'x'.repeat(10_001) })!.length).toBeLessThanOrEqual(121);
  });
});

function scanRefusedField(text: string): string | undefined {
  try {
    scanJsonLimits(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return error.errors[0]?.field;
  }
}

describe('scanJsonLimits (on the text, before JSON.parse)', () => {
  it('accepts the bodies of the API, strings with brackets, commas and escaped quotes included', () => {
    const body = { baseline: { name: 'a,{[ " ]}' }, scenarios: [{ changes: { device: 'tv' } }, {}] };
    expect(scanRefusedField(JSON.stringify(body))).toBeUndefined();
    expect(scanRefusedField(JSON.stringify({ views: new Array(10_000).fill({ a: 1 }) }))).toBeUndefined();
    expect(scanRefusedField('not json {')).toBeUndefined();
  });

  it('refuses 100,000 keys, naming the object, before any parse', () => {
    const keys = Array.from({ length: 100_000 }, (_, index) => `"k${index}":1`).join(',');
    expect(scanRefusedField(`{${keys}}`)).toBe('body');
    expect(scanRefusedField(`{"baseline":{${keys}}}`)).toBe('baseline');
    expect(scanRefusedField(`{"views":[{"a":1},{${keys}}]}`)).toBe('views[1]');
  });

  it('refuses deep nesting and long arrays, naming where', () => {
    expect(scanRefusedField('{"a":'.repeat(3000) + '1' + '}'.repeat(3000))).toMatch(/^a\.a\.a/);
    expect(scanRefusedField('['.repeat(3000) + ']'.repeat(3000))).toMatch(/^\[0\]\[0\]/);
    expect(scanRefusedField(`{"views":[${new Array(10_001).fill('1').join(',')}]}`)).toBe('views');
  });
});
