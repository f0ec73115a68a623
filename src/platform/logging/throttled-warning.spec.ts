import { ThrottledWarning } from './throttled-warning.js';

describe('ThrottledWarning', () => {
  it('logs the first warning, then at most one per interval', () => {
    const lines: string[] = [];
    let nowMs = 1_000;
    const warning = new ThrottledWarning(
      { warn: (_fields, message) => lines.push(message) },
      10_000,
      () => nowMs,
    );
    expect(warning.warn({}, 'a')).toBe(true);
    nowMs = 11_000;
    expect(warning.warn({}, 'b')).toBe(false);
    nowMs = 11_001;
    expect(warning.warn({}, 'c')).toBe(true);
    expect(lines).toEqual(['a', 'c']);
  });
});
