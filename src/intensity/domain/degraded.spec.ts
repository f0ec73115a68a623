import { isDegradedAnswer, isDegradedSource } from './degraded.js';

describe('the degraded rule', () => {
  it.each([
    ['live', false],
    ['forecast', false],
    ['stored', true],
    ['profile', true],
    ['reference', true],
  ] as const)('a %s value is degraded: %s', (source, expected) => {
    expect(isDegradedSource(source)).toBe(expected);
  });

  it('marks every answer degraded in reference mode, even from first-hand values', () => {
    expect(isDegradedAnswer(false, ['live'])).toBe(true);
    expect(isDegradedAnswer(false, [])).toBe(true);
  });

  it('marks an answer degraded when any one of its values is second-hand', () => {
    expect(isDegradedAnswer(true, ['live', 'forecast'])).toBe(false);
    expect(isDegradedAnswer(true, ['live', 'profile', 'forecast'])).toBe(true);
    expect(isDegradedAnswer(true, [])).toBe(false);
  });
});
