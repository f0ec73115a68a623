import { InvalidInputError } from '../../platform/kernel/errors.js';
import { parseThroughputBps, pathwayPriority, reloadUri } from './content-steering.js';

function problem(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
  throw new Error('no InvalidInputError thrown');
}

describe('parseThroughputBps', () => {
  it('reads whole bits per second from 0 to one terabit per second', () => {
    expect(parseThroughputBps('0', '_HLS_throughput')).toBe(0);
    expect(parseThroughputBps('5000000', '_HLS_throughput')).toBe(5_000_000);
    expect(parseThroughputBps('1000000000000', '_HLS_throughput')).toBe(1_000_000_000_000);
  });

  it('refuses negative, fractional, non-numeric and too large values, naming the field', () => {
    const notWhole = [
      { field: '_HLS_throughput', message: 'must be a whole number of bits per second (0 or more)' },
    ];
    for (const value of ['-1', '1.5', 'fast', '1e6', ' 1', '0x10', '', '12345678901234']) {
      expect(problem(() => parseThroughputBps(value, '_HLS_throughput'))).toEqual(notWhole);
    }
    expect(problem(() => parseThroughputBps('1000000000001', '_DASH_throughput'))).toEqual([
      { field: '_DASH_throughput', message: 'must be at most 1000000000000 bits per second' },
    ]);
  });
});

describe('pathwayPriority', () => {
  it('lists each pathway once, where its best-ranked origin stands', () => {
    expect(
      pathwayPriority([
        { pathway: 'paris' },
        { pathway: 'dublin' },
        { pathway: 'paris' },
        { pathway: 'oslo' },
      ]),
    ).toEqual(['paris', 'dublin', 'oslo']);
    expect(pathwayPriority([])).toEqual([]);
  });
});

describe('reloadUri', () => {
  it('points at the same video relative to the manifest, with the session id', () => {
    expect(reloadUri('abc', 'S1', [])).toBe('./abc?sessionId=S1');
  });

  it("keeps the SERVER-URI's own parameters, drops the player's and replaces the session id", () => {
    expect(
      reloadUri('abc', 'S2', [
        ['viewerCountry', 'FR'],
        ['_HLS_pathway', 'paris'],
        ['_HLS_throughput', '100'],
        ['sessionId', 'old'],
        ['_DASH_pathway', '"a,b"'],
        ['note', 'a b&c'],
      ]),
    ).toBe('./abc?viewerCountry=FR&note=a%20b%26c&sessionId=S2');
  });

  it('escapes the video id so that it stays one path segment and never reads as a scheme', () => {
    expect(reloadUri('film:1/part 2', 'S3', [])).toBe('./film%3A1%2Fpart%202?sessionId=S3');
    expect(new URL(reloadUri('x:y', 'S', []), 'https://gs.example/steering/hls/vod/x%3Ay').href).toBe(
      'https://gs.example/steering/hls/vod/x%3Ay?sessionId=S',
    );
  });
});
