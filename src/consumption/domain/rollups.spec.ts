import { RollupContribution, RollupDeltas } from './rollups.js';

function view(overrides: Partial<RollupContribution> = {}): RollupContribution {
  return {
    avoidedG: null,
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
  function rowsOf(deltas: RollupDeltas): string[] {
    const { dimensions, days, keys } = deltas.columns();
    return dimensions.map((dimension, index) => `${dimension} ${days[index]} ${keys[index]}`).sort();
  }

  it('adds a view to the nine dimension rows of its UTC day', () => {
    const deltas = new RollupDeltas();
    deltas.add(view());
    expect(rowsOf(deltas)).toEqual([
      'all 2026-11-21 ',
      'connection 2026-11-21 wifi',
      'device 2026-11-21 laptop',
      'model 2026-11-21 1byte',
      'provider 2026-11-21 aws',
      'region 2026-11-21 aws:eu-west-3',
      'resolution 2026-11-21 1080p',
      'video 2026-11-21 v1',
      'viewerCountry 2026-11-21 FR',
    ]);
    expect(deltas.size).toBe(9);
    expect(deltas.get('all', '2026-11-21', '')).toEqual([1, 30, 1.5, 0.25, 10, 0, 0]);
  });

  it('sums views of one day and key, and keeps days apart (UTC)', () => {
    const deltas = new RollupDeltas();
    deltas.add(view());
    deltas.add(
      view({
        viewerCountry: 'DE',
        durationMinutes: 10,
        dataVolumeGb: 0.5,
        energyTotalKwh: 0.05,
        emissionsTotalG: 2,
        avoidedG: -1.5,
      }),
    );
    deltas.add(view({ startedAt: new Date('2026-11-22T00:00:00Z'), avoidedG: 4 }));
    deltas.add(view({ startedAt: new Date('2026-11-21T00:00:00Z'), durationMinutes: 1, avoidedG: 2.25 }));
    // Avoided grams sum signed receipts; the last figure counts the views that carry one.
    expect(deltas.get('all', '2026-11-21', '')).toEqual([3, 41, 3.5, 0.55, 22, 0.75, 2]);
    expect(deltas.get('viewerCountry', '2026-11-21', 'FR')).toEqual([2, 31, 3, 0.5, 20, 2.25, 1]);
    expect(deltas.get('viewerCountry', '2026-11-21', 'DE')).toEqual([1, 10, 0.5, 0.05, 2, -1.5, 1]);
    expect(deltas.get('all', '2026-11-22', '')).toEqual([1, 30, 1.5, 0.25, 10, 4, 1]);
    expect(deltas.get('all', '2026-11-20', '')).toBeUndefined();
    // 2 days × 9 dimensions, plus the second country of the 21st.
    expect(deltas.size).toBe(19);
  });

  it('gives the rows as aligned columns, one entry per row', () => {
    const deltas = new RollupDeltas();
    deltas.add(view({ videoId: 'v2' }));
    deltas.add(view({ videoId: 'v1', startedAt: new Date('2026-11-20T12:00:00Z') }));
    deltas.add(view({ videoId: 'v1', startedAt: new Date('2026-11-20T13:00:00Z') }));
    const { dimensions, days, keys, sums } = deltas.columns();
    expect(dimensions).toHaveLength(deltas.size);
    expect(days).toHaveLength(deltas.size);
    expect(keys).toHaveLength(deltas.size);
    for (const column of sums) expect(column).toHaveLength(deltas.size);
    const video = dimensions.flatMap((dimension, index) =>
      dimension === 'video' ? [`${days[index]} ${keys[index]} ${sums[0][index]} ${sums[1][index]}`] : [],
    );
    expect(video.sort()).toEqual(['2026-11-20 v1 2 60', '2026-11-21 v2 1 30']);
    expect(sums[0].reduce((sum, count) => sum + count, 0)).toBe(27);
  });
});
