import {
  CHAIN_SETTINGS,
  forecastIntensity as forecast,
  measuredIntensity as measured,
  zoneData,
} from '../../../test/factories/intensity.factory.js';
import type { IntensityObservation } from './intensity.types.js';
import { currentIntensity, hourIntensity, profileForHour, profileValue } from './zone-intensity.js';

const settings = CHAIN_SETTINGS;
const AT = new Date('2026-11-22T10:20:00.000Z');

const zone = zoneData;

/** A measured point at `hour` (UTC, "HH") on each of `days` ("DD" of November 2026). */
function history(hour: string, values: Record<string, number>): IntensityObservation[] {
  return Object.entries(values).map(([day, value]) =>
    measured(`2026-11-${day}T${hour}:00:00.000Z`, value, `2026-11-${day}T${hour}:59:00.000Z`),
  );
}

const forecast10 = forecast('2026-11-22T10:00:00.000Z', 60, '2026-11-22T09:00:00.000Z');

describe('currentIntensity', () => {
  it.each([
    {
      name: 'live: fresh latest for the hour of the instant',
      data: zone([forecast10], measured('2026-11-22T10:00:00.000Z', 44.2, '2026-11-22T10:14:50.000Z')),
      at: AT,
      expected: { source: 'live', gCo2ePerKwh: 44.2, datetime: '2026-11-22T10:00:00.000Z', ageSeconds: 310 },
    },
    {
      name: 'live: fresh latest for the hour before',
      data: zone([forecast10], measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T10:10:00.000Z', true)),
      at: AT,
      expected: {
        source: 'live',
        gCo2ePerKwh: 45,
        datetime: '2026-11-22T09:00:00.000Z',
        ageSeconds: 600,
        isEstimated: true,
      },
    },
    {
      name: 'live: fetched after the instant counts as age 0',
      data: zone([], measured('2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:25:00.000Z')),
      at: AT,
      expected: { source: 'live', gCo2ePerKwh: 44, ageSeconds: 0 },
    },
    {
      name: 'live: age rounds down to whole seconds',
      data: zone([], measured('2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:05:00.001Z')),
      at: AT,
      expected: { source: 'live', ageSeconds: 899 },
    },
    {
      name: 'forecast: latest exactly liveWindowSeconds old is stale',
      data: zone([forecast10], measured('2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:05:00.000Z')),
      at: AT,
      expected: {
        source: 'forecast',
        gCo2ePerKwh: 60,
        datetime: '2026-11-22T10:00:00.000Z',
        ageSeconds: 4800,
        isEstimated: true,
      },
    },
    {
      name: 'forecast: a fresh latest two hours back is not live',
      data: zone([forecast10], measured('2026-11-22T08:00:00.000Z', 44, '2026-11-22T10:19:00.000Z')),
      at: AT,
      expected: { source: 'forecast', gCo2ePerKwh: 60, ageSeconds: 4800 },
    },
    {
      name: 'forecast: fetched after the instant counts as age 0',
      data: zone([forecast('2026-11-22T10:00:00.000Z', 61, '2026-11-22T10:30:00.000Z')]),
      at: AT,
      expected: { source: 'forecast', gCo2ePerKwh: 61, ageSeconds: 0 },
    },
    {
      name: 'stored: no forecast, a stale latest is the most recent measurement',
      data: zone([], measured('2026-11-22T10:00:00.000Z', 47, '2026-11-22T10:05:00.000Z')),
      at: AT,
      expected: {
        source: 'stored',
        gCo2ePerKwh: 47,
        datetime: '2026-11-22T10:00:00.000Z',
        ageSeconds: 1200,
        isEstimated: false,
      },
    },
    {
      name: 'stored: the most recent measured hour, never a later one',
      data: zone([
        measured('2026-11-22T07:00:00.000Z', 70, '2026-11-22T07:59:00.000Z'),
        measured('2026-11-22T08:00:00.000Z', 80, '2026-11-22T08:59:00.000Z', true),
        measured('2026-11-22T11:00:00.000Z', 999, '2026-11-22T11:59:00.000Z'),
      ]),
      at: AT,
      expected: {
        source: 'stored',
        gCo2ePerKwh: 80,
        datetime: '2026-11-22T08:00:00.000Z',
        ageSeconds: 8400,
        isEstimated: true,
      },
    },
    {
      name: 'stored: for the same hour, the one fetched last',
      data: zone(
        [measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T09:50:00.000Z')],
        measured('2026-11-22T09:00:00.000Z', 47, '2026-11-22T09:55:00.000Z'),
      ),
      at: AT,
      expected: { source: 'stored', gCo2ePerKwh: 47, ageSeconds: 4800 },
    },
    {
      name: 'stored: exactly storedMaxAgeSeconds old is still usable',
      data: zone([measured('2026-11-22T04:00:00.000Z', 40, '2026-11-22T04:59:00.000Z')]),
      at: new Date('2026-11-22T10:00:00.000Z'),
      expected: { source: 'stored', gCo2ePerKwh: 40, ageSeconds: 21600 },
    },
    {
      name: 'reference: one second past storedMaxAgeSeconds, no profile',
      data: zone([measured('2026-11-22T04:00:00.000Z', 40, '2026-11-22T04:59:00.000Z')]),
      at: new Date('2026-11-22T10:00:01.000Z'),
      expected: { source: 'reference', gCo2ePerKwh: 56, datetime: '2026-11-22T10:00:01.000Z', ageSeconds: 0 },
    },
    {
      name: 'profile: stored too old, three days of the same hour',
      data: zone([
        ...history('10', { '21': 100, '20': 110, '19': 120 }),
        ...history('09', { '21': 999 }),
        measured('2026-11-22T03:00:00.000Z', 500, '2026-11-22T03:59:00.000Z'),
      ]),
      at: AT,
      expected: {
        source: 'profile',
        gCo2ePerKwh: 110,
        datetime: '2026-11-22T10:00:00.000Z',
        ageSeconds: 87600,
        isEstimated: true,
      },
    },
    {
      name: 'reference: too few days for a profile',
      data: zone([
        ...history('10', { '21': 100, '20': 110 }),
        measured('2026-11-22T03:00:00.000Z', 500, '2026-11-22T03:59:00.000Z'),
      ]),
      at: AT,
      expected: {
        source: 'reference',
        gCo2ePerKwh: 56,
        datetime: '2026-11-22T10:20:00.000Z',
        ageSeconds: 0,
        isEstimated: true,
      },
    },
  ])('$name', ({ data, at, expected }) => {
    expect(currentIntensity(data, at, settings)).toEqual(
      expect.objectContaining({ zone: 'FR', isEstimated: expect.any(Boolean), ...expected }),
    );
  });
});

describe('profileValue', () => {
  it.each([
    {
      name: 'mean over distinct days, only the same hour of day',
      points: [
        ...history('10', { '21': 100, '20': 110, '19': 120, '18': 130 }),
        ...history('09', { '21': 999, '20': 999, '19': 999 }),
        ...history('11', { '21': 999, '20': 999, '19': 999 }),
      ],
      at: AT,
      minDays: 3,
      expected: { gCo2ePerKwh: 115, days: 4, newest: new Date('2026-11-21T10:00:00.000Z') },
    },
    {
      name: 'keeps the 14th day back, drops the 15th',
      points: history('10', { '21': 100, '20': 110, '08': 80, '07': 1000 }),
      at: AT,
      minDays: 3,
      expected: { gCo2ePerKwh: 290 / 3, days: 3, newest: new Date('2026-11-21T10:00:00.000Z') },
    },
    {
      name: 'ignores the current hour and later points: it learns from the past',
      points: [
        ...history('10', { '21': 100, '20': 110, '19': 120 }),
        measured('2026-11-22T10:00:00.000Z', 999, '2026-11-22T10:05:00.000Z'),
        measured('2026-11-23T10:00:00.000Z', 999, '2026-11-23T10:05:00.000Z'),
      ],
      at: new Date('2026-11-22T10:59:59.999Z'),
      minDays: 3,
      expected: { gCo2ePerKwh: 110, days: 3, newest: new Date('2026-11-21T10:00:00.000Z') },
    },
    {
      name: 'fewer days than profileMinDays',
      points: history('10', { '21': 100, '20': 110 }),
      at: AT,
      minDays: 3,
      expected: undefined,
    },
    {
      name: 'exactly profileMinDays',
      points: history('10', { '21': 100, '20': 110 }),
      at: AT,
      minDays: 2,
      expected: { gCo2ePerKwh: 105, days: 2, newest: new Date('2026-11-21T10:00:00.000Z') },
    },
    {
      name: 'no data even when profileMinDays is 0',
      points: [],
      at: AT,
      minDays: 0,
      expected: undefined,
    },
  ])('$name', ({ points, at, minDays, expected }) => {
    const result = profileValue(zone(points), at, { ...settings, profileMinDays: minDays });
    if (expected === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result?.gCo2ePerKwh).toBeCloseTo(expected.gCo2ePerKwh, 9);
      expect(result).toEqual({ ...expected, gCo2ePerKwh: result?.gCo2ePerKwh });
    }
  });

  it('for another hour of day, looks back to the most recent such hour before now', () => {
    const data = zone([
      ...history('15', { '21': 200, '20': 220, '19': 240 }),
      ...history('09', { '22': 90, '21': 100, '09': 110, '08': 999 }),
    ]);
    expect(profileForHour(data, new Date('2026-11-23T15:00:00.000Z'), AT, settings)).toEqual({
      gCo2ePerKwh: 220,
      days: 3,
      newest: new Date('2026-11-21T15:00:00.000Z'),
    });
    // 09:00 today is already past at 10:20; the 14 days end at 09:00 on the 9th, so the 8th is out.
    expect(profileForHour(data, new Date('2026-11-22T09:00:00.000Z'), AT, settings)).toEqual({
      gCo2ePerKwh: 100,
      days: 3,
      newest: new Date('2026-11-22T09:00:00.000Z'),
    });
  });
});

describe('hourIntensity (now 2026-11-22T10:20Z)', () => {
  const freshLatest = measured('2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:15:00.000Z');
  const staleLatest = measured('2026-11-22T10:00:00.000Z', 47, '2026-11-22T10:05:00.000Z');
  const profile15 = history('15', { '21': 200, '20': 220, '19': 240 });

  it.each([
    {
      name: 'past hour with its measurement: stored, however old',
      data: zone([measured('2026-11-20T08:00:00.000Z', 80, '2026-11-20T08:59:00.000Z', true)]),
      hour: '2026-11-20T08:00:00.000Z',
      expected: { gCo2ePerKwh: 80, source: 'stored', isEstimated: true },
    },
    {
      name: 'past hour that is the fresh latest: live',
      data: zone([], measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T10:10:00.000Z')),
      hour: '2026-11-22T09:00:00.000Z',
      expected: { gCo2ePerKwh: 45, source: 'live', isEstimated: false },
    },
    {
      name: 'past hour without data: not carried forward, profile',
      data: zone([
        measured('2026-11-22T08:00:00.000Z', 80, '2026-11-22T08:59:00.000Z'),
        ...history('09', { '21': 100, '20': 110, '19': 120 }),
      ]),
      hour: '2026-11-22T09:00:00.000Z',
      expected: { gCo2ePerKwh: 110, source: 'profile', isEstimated: true },
    },
    {
      name: 'past hour without data or history: reference',
      data: zone([measured('2026-11-22T08:00:00.000Z', 80, '2026-11-22T08:59:00.000Z')]),
      hour: '2026-11-22T09:00:00.000Z',
      expected: { gCo2ePerKwh: 56, source: 'reference', isEstimated: true },
    },
    {
      name: 'current hour, fresh latest: live (before the forecast)',
      data: zone([forecast10], freshLatest),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 44, source: 'live', isEstimated: false },
    },
    {
      name: 'current hour, stale latest: stored (a measurement beats a forecast)',
      data: zone([forecast10], staleLatest),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 47, source: 'stored', isEstimated: false },
    },
    {
      name: 'current hour, measured point fetched after the stale latest',
      data: zone([measured('2026-11-22T10:00:00.000Z', 48, '2026-11-22T10:06:00.000Z')], staleLatest),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 48, source: 'stored', isEstimated: false },
    },
    {
      name: 'current hour, no measurement: forecast',
      data: zone([forecast10], measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T10:10:00.000Z')),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 60, source: 'forecast', isEstimated: true },
    },
    {
      name: 'current hour, no measurement nor forecast: the stored rule',
      data: zone([measured('2026-11-22T07:00:00.000Z', 70, '2026-11-22T07:59:00.000Z')]),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 70, source: 'stored', isEstimated: false },
    },
    {
      name: 'current hour, stored too old: profile',
      data: zone([
        measured('2026-11-22T04:00:00.000Z', 40, '2026-11-22T04:59:00.000Z'),
        ...history('10', { '21': 100, '20': 110, '19': 120 }),
      ]),
      hour: '2026-11-22T10:00:00.000Z',
      expected: { gCo2ePerKwh: 110, source: 'profile', isEstimated: true },
    },
    {
      name: 'future hour with a forecast',
      data: zone([forecast('2026-11-23T15:00:00.000Z', 210, '2026-11-22T09:00:00.000Z'), ...profile15]),
      hour: '2026-11-23T15:00:00.000Z',
      expected: { gCo2ePerKwh: 210, source: 'forecast', isEstimated: true },
    },
    {
      name: 'future hour past the forecast: the profile of its hour of day',
      data: zone([measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T09:59:00.000Z'), ...profile15]),
      hour: '2026-11-23T15:00:00.000Z',
      expected: { gCo2ePerKwh: 220, source: 'profile', isEstimated: true },
    },
    {
      name: 'future hour, no profile: reference (the stored rule is for the current hour only)',
      data: zone([measured('2026-11-22T09:00:00.000Z', 45, '2026-11-22T09:59:00.000Z')]),
      hour: '2026-11-22T11:00:00.000Z',
      expected: { gCo2ePerKwh: 56, source: 'reference', isEstimated: true },
    },
    {
      name: 'an instant inside the hour is taken as its hour',
      data: zone([forecast10]),
      hour: '2026-11-22T10:45:00.000Z',
      expected: { gCo2ePerKwh: 60, source: 'forecast', isEstimated: true },
    },
  ])('$name', ({ data, hour, expected }) => {
    expect(hourIntensity(data, new Date(hour), AT, settings)).toEqual(expected);
  });
});
