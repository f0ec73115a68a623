import { splitTimeRange } from './endpoints.js';

const HOUR_MS = 3_600_000;

describe('splitTimeRange', () => {
  it.each([
    [10, 240, 1],
    [240, 240, 1],
    [241, 240, 2],
    [480, 240, 2],
    [500, 240, 3],
  ])('splits %i h into chunks of at most %i h: %i chunk(s)', (hours, maxHours, expectedChunks) => {
    const start = new Date('2026-01-01T00:00:00.000Z');
    const end = new Date(start.getTime() + hours * HOUR_MS);

    const chunks = splitTimeRange(start, end, maxHours * HOUR_MS);

    expect(chunks).toHaveLength(expectedChunks);
    expect(chunks[0]?.start).toEqual(start);
    expect(chunks.at(-1)?.end).toEqual(end);
    expect(chunks.every((chunk) => chunk.end.getTime() - chunk.start.getTime() <= maxHours * HOUR_MS)).toBe(
      true,
    );
  });
});
