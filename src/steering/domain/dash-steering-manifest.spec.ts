import { InvalidInputError } from '../../platform/kernel/errors.js';
import { dashSteeringManifest, parseDashPlayerReport } from './dash-steering-manifest.js';

function problem(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
  throw new Error('no InvalidInputError thrown');
}

describe('dashSteeringManifest', () => {
  it('is the JSON of the DASH-IF specification, byte for byte, the list also under the name dash.js reads', () => {
    expect(JSON.stringify(dashSteeringManifest(10, './abc?sessionId=S1', ['beta', 'alpha']))).toBe(
      '{"VERSION":1,"TTL":10,"RELOAD-URI":"./abc?sessionId=S1","SERVICE-LOCATION-PRIORITY":["beta","alpha"],"PATHWAY-PRIORITY":["beta","alpha"]}',
    );
  });
});

describe('parseDashPlayerReport', () => {
  it('reads the quoted list of service locations and their throughputs as the reference player sends them', () => {
    expect(parseDashPlayerReport({ _DASH_pathway: '"alpha,beta"', _DASH_throughput: '5000000,' })).toEqual({
      pathways: ['alpha', 'beta'],
      throughputBps: [5_000_000, null],
    });
    expect(parseDashPlayerReport({ _DASH_pathway: 'alpha', _DASH_throughput: '1200' })).toEqual({
      pathways: ['alpha'],
      throughputBps: [1200],
    });
  });

  it('takes absent or empty fields as nothing reported', () => {
    expect(parseDashPlayerReport({})).toEqual({ pathways: [], throughputBps: [] });
    expect(parseDashPlayerReport({ _DASH_pathway: '""', _DASH_throughput: '' })).toEqual({
      pathways: [],
      throughputBps: [],
    });
  });

  it('refuses malformed lists, bad throughputs and more throughputs than locations, naming the field', () => {
    const badList = [
      {
        field: '_DASH_pathway',
        message: 'must be a comma-separated list of service locations, optionally in double quotes',
      },
    ];
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: 'a,,b' }))).toEqual(badList);
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: '"a"b"' }))).toEqual(badList);
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: 'a\u0000' }))).toEqual([
      { field: '_DASH_pathway', message: 'must not contain control characters' },
    ]);
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: 'a'.repeat(4097) }))).toEqual([
      { field: '_DASH_pathway', message: 'must be at most 4096 characters' },
    ]);
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: 'a', _DASH_throughput: 'x' }))).toEqual([
      { field: '_DASH_throughput', message: 'must be a whole number of bits per second (0 or more)' },
    ]);
    expect(problem(() => parseDashPlayerReport({ _DASH_pathway: 'a', _DASH_throughput: '1,2' }))).toEqual([
      { field: '_DASH_throughput', message: 'has more entries than _DASH_pathway' },
    ]);
  });
});
