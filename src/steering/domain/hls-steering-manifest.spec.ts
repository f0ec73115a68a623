import { InvalidInputError } from '../../platform/kernel/errors.js';
import { hlsSteeringManifest, parseHlsPlayerReport } from './hls-steering-manifest.js';

function problem(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
  throw new Error('no InvalidInputError thrown');
}

describe('hlsSteeringManifest', () => {
  it('is the JSON of the HLS specification, byte for byte', () => {
    const manifest = hlsSteeringManifest(300, './abc?sessionId=S1', ['paris', 'dublin']);
    expect(JSON.stringify(manifest)).toBe(
      '{"VERSION":1,"TTL":300,"RELOAD-URI":"./abc?sessionId=S1","PATHWAY-PRIORITY":["paris","dublin"]}',
    );
  });
});

describe('parseHlsPlayerReport', () => {
  it('reads the pathway in use and the throughput in bits per second', () => {
    expect(parseHlsPlayerReport({ _HLS_pathway: 'paris', _HLS_throughput: '4817211' })).toEqual({
      pathways: ['paris'],
      throughputBps: [4817211],
    });
  });

  it('takes hls.js\'s "." (no pathway yet) as a Pathway ID and absent fields as nothing reported', () => {
    expect(parseHlsPlayerReport({ _HLS_pathway: '.', _HLS_throughput: '0' })).toEqual({
      pathways: ['.'],
      throughputBps: [0],
    });
    expect(parseHlsPlayerReport({})).toEqual({ pathways: [], throughputBps: [] });
    expect(parseHlsPlayerReport({ _HLS_pathway: '', _HLS_throughput: '' })).toEqual({
      pathways: [],
      throughputBps: [],
    });
    expect(parseHlsPlayerReport({ _HLS_throughput: '800' })).toEqual({ pathways: [], throughputBps: [800] });
  });

  it('refuses a malformed Pathway ID or throughput, naming the field', () => {
    const badPathway = [
      {
        field: '_HLS_pathway',
        message: 'must be a Pathway ID: 1 to 64 characters from A-Z, a-z, 0-9, ".", "-" and "_"',
      },
    ];
    expect(problem(() => parseHlsPlayerReport({ _HLS_pathway: 'a b' }))).toEqual(badPathway);
    expect(problem(() => parseHlsPlayerReport({ _HLS_pathway: 'p'.repeat(65) }))).toEqual(badPathway);
    expect(problem(() => parseHlsPlayerReport({ _HLS_pathway: 'cdn/a' }))).toEqual(badPathway);
    expect(problem(() => parseHlsPlayerReport({ _HLS_pathway: 'a', _HLS_throughput: '-5' }))).toEqual([
      { field: '_HLS_throughput', message: 'must be a whole number of bits per second (0 or more)' },
    ]);
  });
});
