import { isoTimestamp } from './iso-timestamp.js';

describe('isoTimestamp', () => {
  it('formats as toISOString, for the same millisecond again and for the next ones', () => {
    const ms = Date.UTC(2026, 11, 1, 20, 30, 0, 123);
    expect(isoTimestamp(ms)).toBe('2026-12-01T20:30:00.123Z');
    expect(isoTimestamp(ms)).toBe('2026-12-01T20:30:00.123Z');
    expect(isoTimestamp(ms + 1)).toBe('2026-12-01T20:30:00.124Z');
    expect(isoTimestamp(ms)).toBe('2026-12-01T20:30:00.123Z');
    expect(isoTimestamp(0)).toBe(new Date(0).toISOString());
  });
});
