import { expectInvalidField } from '../../../test/support/invalid-input.js';
import { statsFigures, statsRange, timeGroupKey } from './stats.js';

const NOW = new Date('2026-11-22T15:30:00Z');

describe('statsRange', () => {
  it('defaults to the 30 days up to the end of today (UTC)', () => {
    expect(statsRange(undefined, undefined, NOW)).toEqual({
      from: new Date('2026-10-24T00:00:00Z'),
      to: new Date('2026-11-23T00:00:00Z'),
    });
  });

  it('takes whole days and refuses other instants, empty or reversed ranges', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    expect(statsRange(from, to, NOW)).toEqual({ from, to });
    expect(statsRange(from, undefined, NOW).to).toEqual(new Date('2026-11-23T00:00:00Z'));
    expectInvalidField(() => statsRange(new Date('2026-11-01T10:00:00Z'), to, NOW), 'from');
    expectInvalidField(() => statsRange(from, new Date('2026-12-01T00:00:01Z'), NOW), 'to');
    expectInvalidField(() => statsRange(to, from, NOW), 'to');
    expectInvalidField(() => statsRange(from, from, NOW), 'to');
    expectInvalidField(() => statsRange(new Date('2000-01-01T00:00:00Z'), to, NOW), 'to');
  });

  it('refuses days before 1970 or after year 9999, naming the field, and starts the default at 1970', () => {
    // Each of these once reached PostgreSQL as a year-0 or negative date: a 500.
    expectInvalidField(() => statsRange(undefined, new Date('0001-01-15T00:00:00Z'), NOW), 'to');
    expectInvalidField(() => statsRange(undefined, new Date('0000-01-01T00:00:00Z'), NOW), 'to');
    expectInvalidField(() => statsRange(undefined, new Date('-000010-01-01T00:00:00Z'), NOW), 'to');
    expectInvalidField(() => statsRange(new Date('-000010-01-01T00:00:00Z'), undefined, NOW), 'from');
    expectInvalidField(() => statsRange(undefined, new Date('+010000-01-01T00:00:00Z'), NOW), 'to');
    expectInvalidField(() => statsRange(undefined, new Date('1970-01-01T00:00:00Z'), NOW), 'to');
    expect(statsRange(undefined, new Date('1970-01-10T00:00:00Z'), NOW)).toEqual({
      from: new Date('1970-01-01T00:00:00Z'),
      to: new Date('1970-01-10T00:00:00Z'),
    });
  });
});

describe('statsFigures', () => {
  it('converts minutes to hours and grams to kilograms, with grams per hour', () => {
    expect(
      statsFigures({
        views: 4,
        minutes: 90,
        dataVolumeGb: 4.5,
        energyKwh: 1.2,
        emissionsG: 300,
        avoidedG: -12.5,
        receiptViews: 3,
      }),
    ).toEqual({
      views: 4,
      hoursViewed: 1.5,
      dataVolumeGb: 4.5,
      energyKwh: 1.2,
      emissionsKg: 0.3,
      gPerHour: 200,
      avoidedKg: -0.0125,
      viewsWithReceipt: 3,
    });
  });

  it('has no grams per hour when nothing was watched', () => {
    expect(
      statsFigures({
        views: 0,
        minutes: 0,
        dataVolumeGb: 0,
        energyKwh: 0,
        emissionsG: 0,
        avoidedG: 0,
        receiptViews: 0,
      }).gPerHour,
    ).toBeNull();
  });
});

describe('timeGroupKey', () => {
  it('keys a day, its ISO week (Monday) and its month', () => {
    const sunday = new Date('2026-11-22T00:00:00Z');
    expect(timeGroupKey(sunday, 'day')).toBe('2026-11-22');
    expect(timeGroupKey(sunday, 'week')).toBe('2026-11-16');
    expect(timeGroupKey(new Date('2026-11-16T00:00:00Z'), 'week')).toBe('2026-11-16');
    expect(timeGroupKey(new Date('2027-01-01T00:00:00Z'), 'week')).toBe('2026-12-28');
    expect(timeGroupKey(sunday, 'month')).toBe('2026-11');
  });
});
