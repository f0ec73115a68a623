import { CHAIN_SETTINGS, intensityObservation, zoneData } from '../../../test/factories/intensity.factory.js';
import { thrownInvalidInput } from '../../../test/support/invalid-input.js';
import { windowAverage, zoneWindowAverage } from './window-average.js';
import type { HourIntensity } from './zone-intensity.js';

const settings = CHAIN_SETTINGS;
const NOW = new Date('2026-11-22T10:20:00.000Z');

const zone = zoneData;

/** A callback answering from a table keyed by "HH" (UTC, on 2026-11-22). */
function table(values: Record<string, HourIntensity>): (hour: Date) => HourIntensity {
  return (hour) => {
    const value = values[hour.toISOString().slice(11, 13)];
    if (!value) throw new Error(`unexpected hour ${hour.toISOString()}`);
    return value;
  };
}

const forecast = (gCo2ePerKwh: number): HourIntensity => ({
  gCo2ePerKwh,
  source: 'forecast',
  isEstimated: true,
});

const thrown = thrownInvalidInput;

describe('windowAverage', () => {
  it('weights partial first and last hours by their overlap', () => {
    const result = windowAverage(
      new Date('2026-11-22T10:30:00.000Z'),
      new Date('2026-11-22T12:15:00.000Z'),
      table({ '10': forecast(100), '11': forecast(200), '12': forecast(300) }),
    );
    // (0.5·100 + 1·200 + 0.25·300) / 1.75 = 325 / 1.75 = 1300 / 7
    expect(result.gCo2ePerKwh).toBeCloseTo(185.714285714286, 9);
    expect(result.hours).toEqual([
      { hourStart: '2026-11-22T10:00:00.000Z', weightSeconds: 1800, gCo2ePerKwh: 100, source: 'forecast' },
      { hourStart: '2026-11-22T11:00:00.000Z', weightSeconds: 3600, gCo2ePerKwh: 200, source: 'forecast' },
      { hourStart: '2026-11-22T12:00:00.000Z', weightSeconds: 900, gCo2ePerKwh: 300, source: 'forecast' },
    ]);
    expect(result.sources).toEqual(['forecast']);
    expect(result.isEstimated).toBe(true);
  });

  it.each([
    ['aligned whole hours', '2026-11-22T10:00:00.000Z', '2026-11-22T12:00:00.000Z', 200],
    ['two minutes across a boundary', '2026-11-22T10:59:00.000Z', '2026-11-22T11:01:00.000Z', 200],
    ['half an hour then three quarters', '2026-11-22T10:30:00.000Z', '2026-11-22T11:45:00.000Z', 220],
    ['inside one hour', '2026-11-22T11:10:00.000Z', '2026-11-22T11:40:00.000Z', 300],
  ])('%s', (_name, from, to, expected) => {
    const result = windowAverage(
      new Date(from),
      new Date(to),
      table({ '10': forecast(100), '11': forecast(300) }),
    );
    expect(result.gCo2ePerKwh).toBe(expected);
  });

  it('lists sources in chain order, whatever the order of the hours', () => {
    const result = windowAverage(
      new Date('2026-11-22T10:00:00.000Z'),
      new Date('2026-11-22T14:00:00.000Z'),
      table({
        '10': { gCo2ePerKwh: 56, source: 'reference', isEstimated: true },
        '11': { gCo2ePerKwh: 40, source: 'live', isEstimated: false },
        '12': { gCo2ePerKwh: 60, source: 'stored', isEstimated: false },
        '13': { gCo2ePerKwh: 56, source: 'reference', isEstimated: true },
      }),
    );
    expect(result.sources).toEqual(['live', 'stored', 'reference']);
    expect(result.gCo2ePerKwh).toBe(53);
    expect(result.isEstimated).toBe(true);
  });

  it('is not estimated when no hour is', () => {
    const result = windowAverage(
      new Date('2026-11-22T10:00:00.000Z'),
      new Date('2026-11-22T12:00:00.000Z'),
      table({
        '10': { gCo2ePerKwh: 40, source: 'stored', isEstimated: false },
        '11': { gCo2ePerKwh: 50, source: 'live', isEstimated: false },
      }),
    );
    expect(result).toMatchObject({ gCo2ePerKwh: 45, sources: ['live', 'stored'], isEstimated: false });
  });

  it('accepts exactly 7 days', () => {
    const result = windowAverage(
      new Date('2026-11-22T00:00:00.000Z'),
      new Date('2026-11-29T00:00:00.000Z'),
      () => forecast(120),
    );
    expect(result.hours).toHaveLength(168);
    expect(result.gCo2ePerKwh).toBe(120);
  });

  it.each([
    ['from = to', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z', 'to', 'must be after from'],
    ['from > to', '2026-11-22T10:00:01.000Z', '2026-11-22T10:00:00.000Z', 'to', 'must be after from'],
    [
      'more than 7 days',
      '2026-11-22T00:00:00.000Z',
      '2026-11-29T00:00:01.000Z',
      'to',
      'must be at most 7 days after from',
    ],
    ['invalid from', 'nope', '2026-11-22T10:00:00.000Z', 'from', 'must be a valid date'],
    ['invalid to', '2026-11-22T10:00:00.000Z', 'nope', 'to', 'must be a valid date'],
  ])('rejects %s', (_name, from, to, field, message) => {
    let calls = 0;
    const error = thrown(() =>
      windowAverage(new Date(from), new Date(to), () => {
        calls++;
        return forecast(1);
      }),
    );
    expect(error.errors).toEqual([{ field, message }]);
    expect(calls).toBe(0);
  });
});

describe('zoneWindowAverage', () => {
  it('falls back to the reference for a gap in the forecast, that hour only', () => {
    const data = zone([
      intensityObservation('forecast', '2026-11-22T11:00:00.000Z', 200, '2026-11-22T09:00:00.000Z'),
      intensityObservation('forecast', '2026-11-22T13:00:00.000Z', 300, '2026-11-22T09:00:00.000Z'),
    ]);
    const result = zoneWindowAverage(
      data,
      new Date('2026-11-22T11:00:00.000Z'),
      new Date('2026-11-22T14:00:00.000Z'),
      NOW,
      settings,
    );
    // (200 + 56 + 300) / 3
    expect(result.gCo2ePerKwh).toBeCloseTo(185.333333333333, 9);
    expect(result.hours.map((hour) => hour.source)).toEqual(['forecast', 'reference', 'forecast']);
    expect(result.sources).toEqual(['forecast', 'reference']);
    expect(result.isEstimated).toBe(true);
  });

  it('falls back to the profile for a gap in the forecast when history allows', () => {
    const data = zone([
      intensityObservation('forecast', '2026-11-22T11:00:00.000Z', 200, '2026-11-22T09:00:00.000Z'),
      intensityObservation('forecast', '2026-11-22T13:00:00.000Z', 300, '2026-11-22T09:00:00.000Z'),
      intensityObservation('measured', '2026-11-21T12:00:00.000Z', 90, '2026-11-21T13:00:00.000Z'),
      intensityObservation('measured', '2026-11-20T12:00:00.000Z', 100, '2026-11-20T13:00:00.000Z'),
      intensityObservation('measured', '2026-11-19T12:00:00.000Z', 110, '2026-11-19T13:00:00.000Z'),
    ]);
    const result = zoneWindowAverage(
      data,
      new Date('2026-11-22T11:00:00.000Z'),
      new Date('2026-11-22T14:00:00.000Z'),
      NOW,
      settings,
    );
    // (200 + 100 + 300) / 3
    expect(result.gCo2ePerKwh).toBe(200);
    expect(result.hours.map((hour) => [hour.gCo2ePerKwh, hour.source])).toEqual([
      [200, 'forecast'],
      [100, 'profile'],
      [300, 'forecast'],
    ]);
    expect(result.sources).toEqual(['forecast', 'profile']);
  });

  it('uses live, forecast, then profile and reference past the forecast horizon', () => {
    const data = zone(
      [
        intensityObservation('forecast', '2026-11-22T11:00:00.000Z', 200, '2026-11-22T09:00:00.000Z'),
        intensityObservation('forecast', '2026-11-22T12:00:00.000Z', 300, '2026-11-22T09:00:00.000Z'),
        intensityObservation('measured', '2026-11-21T13:00:00.000Z', 120, '2026-11-21T14:00:00.000Z'),
        intensityObservation('measured', '2026-11-20T13:00:00.000Z', 130, '2026-11-20T14:00:00.000Z'),
        intensityObservation('measured', '2026-11-19T13:00:00.000Z', 140, '2026-11-19T14:00:00.000Z'),
      ],
      intensityObservation('measured', '2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:15:00.000Z'),
    );
    const result = zoneWindowAverage(
      data,
      new Date('2026-11-22T10:30:00.000Z'),
      new Date('2026-11-22T14:30:00.000Z'),
      NOW,
      settings,
    );
    // (44·1800 + 200·3600 + 300·3600 + 130·3600 + 56·1800) / 14400 = 2448000 / 14400
    expect(result.gCo2ePerKwh).toBe(170);
    expect(result.hours).toEqual([
      { hourStart: '2026-11-22T10:00:00.000Z', weightSeconds: 1800, gCo2ePerKwh: 44, source: 'live' },
      { hourStart: '2026-11-22T11:00:00.000Z', weightSeconds: 3600, gCo2ePerKwh: 200, source: 'forecast' },
      { hourStart: '2026-11-22T12:00:00.000Z', weightSeconds: 3600, gCo2ePerKwh: 300, source: 'forecast' },
      { hourStart: '2026-11-22T13:00:00.000Z', weightSeconds: 3600, gCo2ePerKwh: 130, source: 'profile' },
      { hourStart: '2026-11-22T14:00:00.000Z', weightSeconds: 1800, gCo2ePerKwh: 56, source: 'reference' },
    ]);
    expect(result.sources).toEqual(['live', 'forecast', 'profile', 'reference']);
    expect(result.isEstimated).toBe(true);
  });

  it('averages a window inside one hour to that hour', () => {
    const data = zone(
      [],
      intensityObservation('measured', '2026-11-22T10:00:00.000Z', 44, '2026-11-22T10:15:00.000Z'),
    );
    const result = zoneWindowAverage(
      data,
      new Date('2026-11-22T10:05:00.000Z'),
      new Date('2026-11-22T10:35:00.000Z'),
      NOW,
      settings,
    );
    expect(result).toEqual({
      gCo2ePerKwh: 44,
      sources: ['live'],
      isEstimated: false,
      hours: [
        { hourStart: '2026-11-22T10:00:00.000Z', weightSeconds: 1800, gCo2ePerKwh: 44, source: 'live' },
      ],
    });
  });
});
