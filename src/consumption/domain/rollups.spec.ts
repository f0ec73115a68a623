import { addToRollups, rollupColumns, RollupContribution, RollupDeltas } from './rollups.js';

function view(overrides: Partial<RollupContribution> = {}): RollupContribution {
  return {
    startedAt: new Date('2026-11-21T23:30:00Z'),
    viewerCountry: 'FR',
    region: 'aws:eu-west-3',
    provider: 'aws',
    resolution: '1080p',
    device: 'laptop',
    connection: 'wifi',
    model: '1byte',
    videoId: 'v1',
    durationMinutes: 30,
    dataVolumeGb: 1.5,
    energyTotalKwh: 0.25,
    emissionsTotalG: 10,
    ...overrides,
  };
}

describe('rollup deltas', () => {
  it('adds a view to the nine dimension rows of its UTC day', () => {
    const deltas: RollupDeltas = new Map();
    addToRollups(deltas, view());
    expect([...deltas.keys()].sort()).toEqual([
      'all\t2026-11-21\t',
      'connection\t2026-11-21\twifi',
      'device\t2026-11-21\tlaptop',
      'model\t2026-11-21\t1byte',
      'provider\t2026-11-21\taws',
      'region\t2026-11-21\taws:eu-west-3',
      'resolution\t2026-11-21\t1080p',
      'video\t2026-11-21\tv1',
      'viewerCountry\t2026-11-21\tFR',
    ]);
    expect(deltas.get('all\t2026-11-21\t')).toEqual([1, 30, 1.5, 0.25, 10]);
  });

  it('sums views of one day and key, and keeps days apart (UTC)', () => {
    const deltas: RollupDeltas = new Map();
    addToRollups(deltas, view());
    addToRollups(
      deltas,
      view({
        viewerCountry: 'DE',
        durationMinutes: 10,
        dataVolumeGb: 0.5,
        energyTotalKwh: 0.05,
        emissionsTotalG: 2,
      }),
    );
    addToRollups(deltas, view({ startedAt: new Date('2026-11-22T00:00:00Z') }));
    expect(deltas.get('all\t2026-11-21\t')).toEqual([2, 40, 2, 0.3, 12]);
    expect(deltas.get('viewerCountry\t2026-11-21\tFR')).toEqual([1, 30, 1.5, 0.25, 10]);
    expect(deltas.get('viewerCountry\t2026-11-21\tDE')).toEqual([1, 10, 0.5, 0.05, 2]);
    expect(deltas.get('all\t2026-11-22\t')).toEqual([1, 30, 1.5, 0.25, 10]);
  });

  it('gives the upsert columns sorted by (dimension, day, key)', () => {
    const deltas: RollupDeltas = new Map();
    addToRollups(deltas, view({ videoId: 'v2' }));
    addToRollups(deltas, view({ videoId: 'v1', startedAt: new Date('2026-11-20T12:00:00Z') }));
    const [dimensions, days, keys, [views]] = rollupColumns(deltas);
    expect(dimensions.slice(0, 2)).toEqual(['all', 'all']);
    expect(days.slice(0, 2)).toEqual(['2026-11-20', '2026-11-21']);
    expect(dimensions.slice(-2)).toEqual(['viewerCountry', 'viewerCountry']);
    expect(keys.filter((_, index) => dimensions[index] === 'video')).toEqual(['v1', 'v2']);
    expect(views!.reduce((sum, count) => sum + count, 0)).toBe(18);
  });
});
