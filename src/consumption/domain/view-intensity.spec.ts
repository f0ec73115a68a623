import { zoneWindowAverage } from '../../intensity/domain/window-average.js';
import type { IntensityObservation } from '../../intensity/domain/intensity.types.js';
import type { ZoneIntensityData } from '../../intensity/domain/zone-intensity.js';
import { viewIntensity, type HourCache } from './view-intensity.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-22T12:20:00Z');
const SETTINGS = {
  liveWindowSeconds: 900,
  storedMaxAgeSeconds: 6 * 3600,
  profileDays: 14,
  profileMinDays: 3,
};

function point(kind: 'measured' | 'forecast', hoursAgo: number, value: number): IntensityObservation {
  const datetime = new Date(Math.floor(NOW.getTime() / HOUR) * HOUR - hoursAgo * HOUR);
  return { zone: 'FR', kind, datetime, gCo2ePerKwh: value, isEstimated: false, fetchedAt: NOW };
}

describe('viewIntensity', () => {
  // Measured hours over the last 20 days with gaps, and a forecast ahead: every source appears.
  const measured = new Map<number, IntensityObservation>();
  for (let hoursAgo = 1; hoursAgo < 20 * 24; hoursAgo += 1) {
    if (hoursAgo % 7 === 0 || (hoursAgo > 100 && hoursAgo < 130)) continue;
    const observation = point('measured', hoursAgo, 20 + (hoursAgo % 24) * 3 + (hoursAgo % 5));
    measured.set(observation.datetime.getTime(), observation);
  }
  const forecast = new Map<number, IntensityObservation>();
  for (let hoursAhead = 0; hoursAhead < 24; hoursAhead++) {
    const observation = point('forecast', -hoursAhead, 40 + hoursAhead);
    forecast.set(observation.datetime.getTime(), observation);
  }
  const data: ZoneIntensityData = {
    zone: 'FR',
    measured,
    forecast,
    latest: [...measured.values()].sort((a, b) => b.datetime.getTime() - a.datetime.getTime())[0],
    reference: { gCo2ePerKwh: 31, level: 'zone', source: 'test' },
  };

  it('equals the window average of the intensity domain for any window, with a shared cache', () => {
    const cache: HourCache = new Map();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 500; trial++) {
      const from = NOW.getTime() - Math.floor(next() * 40 * 24 * HOUR) + 4 * HOUR;
      const to = from + Math.ceil(next() * 1440) * 60_000;
      const expected = zoneWindowAverage(data, new Date(from), new Date(to), NOW, SETTINGS);
      const actual = viewIntensity(data, from, to, NOW, SETTINGS, cache);
      expect(actual.sources).toEqual(expected.sources);
      expect(Math.abs(actual.gCo2ePerKwh - expected.gCo2ePerKwh)).toBeLessThanOrEqual(
        expected.gCo2ePerKwh * 1e-12,
      );
    }
    expect(new Set([...cache.values()].map((value) => value.source))).toEqual(
      new Set(['live', 'stored', 'forecast', 'profile']),
    );
  });

  it('weighs each hour by its overlap with the view', () => {
    const hour = Math.floor(NOW.getTime() / HOUR) * HOUR - 3 * HOUR;
    const two: ZoneIntensityData = {
      ...data,
      measured: new Map([
        [hour, { ...point('measured', 3, 100) }],
        [hour + HOUR, { ...point('measured', 2, 200) }],
      ]),
      forecast: new Map(),
      latest: undefined,
    };
    // 15 minutes in the first hour, 45 in the second: (100 × 15 + 200 × 45) / 60 = 175.
    expect(viewIntensity(two, hour + 45 * 60_000, hour + 105 * 60_000, NOW, SETTINGS, new Map())).toEqual({
      gCo2ePerKwh: 175,
      sources: ['stored'],
    });
  });
});
