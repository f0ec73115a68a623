import { floatArrayLiteral, textArrayLiteral } from './pg-arrays.js';

describe('PostgreSQL array literals', () => {
  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArrayLiteral(['a', 'b c', 'say "hi"', 'back\\slash', '{x,y}', ''])).toBe(
      '{"a","b c","say \\"hi\\"","back\\\\slash","{x,y}",""}',
    );
    expect(textArrayLiteral([])).toBe('{}');
  });

  it('writes numbers in their round-trip form and refuses non-finite ones', () => {
    expect(floatArrayLiteral([1, 0.1 + 0.2, 2e-7, -3.5])).toBe('{1,0.30000000000000004,2e-7,-3.5}');
    expect(() => floatArrayLiteral([Number.NaN])).toThrow();
  });
});
