import 'reflect-metadata';
import { quickParserOf } from '../../platform/http/quick-query.js';
import {
  createValidationPipe,
  RequestValidationException,
  validateDto,
} from '../../platform/http/validation.js';
import { DashSteeringQuery, HlsSteeringQuery } from './steering-manifest-query.dto.js';
import { SteerVideoQuery } from './video-query.dto.js';

/** Values each field may be sent with: plainly valid ones, and the edge cases around the DTO's rules. */
const COMMON: Record<string, unknown[]> = {
  sessionId: ['s', 'session-7f3a2c', 'a'.repeat(128), 'a'.repeat(129), '', 'bad id', 'é', ['a', 'b']],
  viewerCountry: ['FR', 'fr', 'Fr', 'FRA', 'F', '', 'ß', '12', ' FR'],
  viewerLat: [
    '48.86',
    '-90',
    '90',
    '90.0000001',
    '-0',
    '0',
    '1e1',
    '0x10',
    ' 1',
    '',
    'NaN',
    'Infinity',
    '-',
    '1.',
    '.5',
    '12345678901234567890123456',
  ],
  viewerLon: ['2.35', '-180', '180', '180.5', '-180.0', '007', '1e-3'],
  durationMinutes: ['60', '0.001', '0.0005', '0', '1440', '1440.1', '90.5', '-1', '1e3', ''],
  resolution: ['1080p', '720p', '2160p', '1080P', '4k', ''],
  unknown: ['x'],
};

const FIELDS: Record<string, Record<string, unknown[]>> = {
  video: {
    ...COMMON,
    service: ['vod-main', 'bench', 'a', 'Vod', '-vod', 'vod-', 'v'.repeat(64), 'v'.repeat(65), ''],
    dryRun: ['true', 'false', '1', '0', 'yes', 'TRUE', ''],
    path: ['master.m3u8', 'a/b/c.ts', 'a//b', '../x', 'a/./b', '.', 'x'.repeat(512), 'x'.repeat(513), 'a b'],
  },
  hls: { ...COMMON, _HLS_pathway: ['.', 'paris', ''], _HLS_throughput: ['4800000', 'abc', '', ['1', '2']] },
  dash: {
    ...COMMON,
    _DASH_pathway: ['"paris"', 'paris,dublin', ''],
    _DASH_throughput: ['4800000', ',1', ''],
  },
};

const METATYPES = { video: SteerVideoQuery, hls: HlsSteeringQuery, dash: DashSteeringQuery } as const;

/** A deterministic generator (mulberry32), so that a failure names a query that reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fullValidation(metatype: new () => object, query: object): object | undefined {
  try {
    return validateDto(metatype, query);
  } catch (error) {
    if (error instanceof RequestValidationException) return undefined;
    throw error;
  }
}

describe('quick parsers of the steering queries, against the full validation', () => {
  for (const [name, metatype] of Object.entries(METATYPES)) {
    it(`${name}: accepts only what the DTO accepts, to the same values, and most plainly valid queries`, () => {
      const quick = quickParserOf(metatype);
      expect(quick).toBeDefined();
      const next = random(20261202);
      const fields = Object.entries(FIELDS[name]);
      let validCount = 0;
      let quickCount = 0;
      for (let index = 0; index < 4000; index++) {
        const query: Record<string, unknown> = {};
        for (const [field, values] of fields) {
          // Unknown fields rarely, the others about half the time.
          if (next() < (field === 'unknown' ? 0.03 : 0.5))
            query[field] = values[Math.floor(next() * values.length)];
        }
        const full = fullValidation(metatype, query);
        const read = quick?.(query);
        if (full !== undefined) validCount++;
        if (read === undefined) continue;
        quickCount++;
        // Anything the quick parser takes, the DTO takes, to an equal instance of the same class.
        if (full === undefined)
          throw new Error(`quick parser accepted a query the DTO refuses: ${JSON.stringify(query)}`);
        expect(Object.getPrototypeOf(read)).toBe(metatype.prototype);
        expect({ ...read }).toEqual({ ...full });
        for (const [field, value] of Object.entries(full)) {
          expect(Object.is((read as Record<string, unknown>)[field], value)).toBe(true);
        }
      }
      expect(validCount).toBeGreaterThan(200);
      // Not a parser that gives up on everything: most valid queries here use edge-case values.
      expect(quickCount / validCount).toBeGreaterThan(0.5);
    });
  }

  it("reads a player's reload and a first play quickly, as frozen DTOs", () => {
    const reload = quickParserOf(HlsSteeringQuery)?.({
      viewerCountry: 'fr',
      sessionId: 'session-7f3a2c',
      _HLS_pathway: 'paris',
      _HLS_throughput: '4800000',
    });
    expect(reload).toBeInstanceOf(HlsSteeringQuery);
    expect(Object.isFrozen(reload)).toBe(true);
    expect({ ...reload }).toEqual({
      viewerCountry: 'FR',
      sessionId: 'session-7f3a2c',
      _HLS_pathway: 'paris',
      _HLS_throughput: '4800000',
    });
    const play = quickParserOf(SteerVideoQuery)?.({
      service: 'vod-main',
      viewerLat: '48.86',
      viewerLon: '2.35',
    });
    expect({ ...play }).toEqual({ service: 'vod-main', viewerLat: 48.86, viewerLon: 2.35 });
  });

  it('leaves what it is not sure of to the pipe, which answers the same 400 naming the field', () => {
    const pipe = createValidationPipe();
    const metadata = { type: 'query', metatype: SteerVideoQuery, data: undefined } as const;
    expect(quickParserOf(SteerVideoQuery)?.({ viewerLat: '1e1' })).toBeUndefined();
    expect({ ...(pipe.transform({ viewerLat: '1e1' }, metadata) as object) }).toEqual({ viewerLat: 10 });
    expect(quickParserOf(SteerVideoQuery)?.({ viewerLat: '91' })).toBeUndefined();
    expect(() => pipe.transform({ viewerLat: '91' }, metadata)).toThrow(RequestValidationException);
    let refused: unknown;
    try {
      pipe.transform({ sessionId: 'bad id', other: '1' }, metadata);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RequestValidationException);
    const fields = (refused as RequestValidationException).errors.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['sessionId', 'other']));
  });
});
