import { CHAIN_SETTINGS, intensityObservation } from '../../test/factories/intensity.factory.js';
import type { IntensityObservation } from './domain/intensity.types.js';
import { IntensitySnapshot } from './intensity-snapshot.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-22T10:00:00Z');

/** A point for the hour `hour` hours after T0. */
function point(
  kind: 'measured' | 'forecast',
  hour: number,
  value: number,
  fetchedAt = T0,
): IntensityObservation {
  return intensityObservation(kind, new Date(T0 + hour * HOUR), value, new Date(fetchedAt), {
    isEstimated: false,
  });
}

describe('IntensitySnapshot version (what cached answers depend on)', () => {
  const snapshot = () => new IntensitySnapshot(() => ({ gCo2ePerKwh: 56, level: 'zone', source: 'test' }));

  it('changes when a point is taken in, and not when an older fetch of a held point is ignored', () => {
    const s = snapshot();
    const v0 = s.version;
    s.apply([point('measured', 0, 40, T0 + 1000)]);
    const v1 = s.version;
    expect(v1).toBeGreaterThan(v0);
    s.apply([point('measured', 0, 99, T0)]); // fetched earlier: ignored
    expect(s.version).toBe(v1);
    expect(s.get('FR').latest?.gCo2ePerKwh).toBe(40);
    s.apply([point('forecast', 1, 45)]);
    expect(s.version).toBeGreaterThan(v1);
  });

  it('changes when pruning forgets points, and not when there is nothing to forget', () => {
    const s = snapshot();
    s.apply([point('measured', 0, 40), point('forecast', 1, 45)]);
    const before = s.version;
    s.prune(new Date(T0 + 2 * HOUR), CHAIN_SETTINGS);
    expect(s.version).toBe(before);
    s.prune(new Date(T0 + 30 * 24 * HOUR), CHAIN_SETTINGS);
    expect(s.version).toBeGreaterThan(before);
    expect(s.hasData('FR')).toBe(false);
  });
});
