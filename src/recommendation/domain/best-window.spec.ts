import { windowAverage } from '../../intensity/domain/window-average.js';
import { expectInvalidField } from '../../../test/support/invalid-input.js';
import { candidateStarts, latestStart, lowestStart, parseWithin } from './best-window.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (time: string) => Date.parse(`2026-11-22T${time}:00.000Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('parseWithin', () => {
  it.each([
    ['24h', 24 * HOUR],
    ['90m', 90 * MINUTE],
    ['1.5h', 1.5 * HOUR],
    ['72h', 72 * HOUR],
  ])('%s is %p ms', (raw, ms) => {
    expect(parseWithin(raw)).toBe(ms);
  });

  it.each(['0h', '73h', '24', 'tomorrow', '-1h'])('rejects %s naming within', (raw) => {
    expectInvalidField(() => parseWithin(raw), 'within');
  });
});

describe('candidateStarts', () => {
  it('is now, each hour boundary and each start that ends on a boundary, up to the latest start', () => {
    expect(candidateStarts(at('10:20'), 60 * MINUTE, at('13:00')).map(iso)).toEqual([
      '10:20',
      '11:00',
      '12:00',
      '13:00',
    ]);
    expect(candidateStarts(at('10:20'), 90 * MINUTE, at('13:00')).map(iso)).toEqual([
      '10:20',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
      '13:00',
    ]);
  });

  it('is only now when the latest start is now (or before)', () => {
    expect(candidateStarts(at('10:20'), 60 * MINUTE, at('09:00')).map(iso)).toEqual(['10:20']);
  });
});

describe('latestStart', () => {
  it('is the earlier of now + within and the forecast end minus the duration, never before now', () => {
    expect(latestStart(at('10:20'), 2 * HOUR, 24 * HOUR, at('20:00'))).toBe(at('18:00'));
    expect(latestStart(at('10:20'), 2 * HOUR, 3 * HOUR, at('20:00'))).toBe(at('13:20'));
    expect(latestStart(at('10:20'), 2 * HOUR, 3 * HOUR, undefined)).toBe(at('13:20'));
    expect(latestStart(at('10:20'), 2 * HOUR, 3 * HOUR, at('11:00'))).toBe(at('10:20'));
  });
});

describe('lowestStart', () => {
  // Hourly intensities from 10:00: 100, 50, 10, 200, 200, then 300.
  const hourly = [100, 50, 10, 200, 200];
  const value = (hour: Date) => ({
    gCo2ePerKwh: hourly[(hour.getTime() - at('10:00')) / HOUR] ?? 300,
    source: 'forecast' as const,
    isEstimated: true,
  });
  const average = (startMs: number, durationMs: number) =>
    windowAverage(new Date(startMs), new Date(startMs + durationMs), value);

  it('finds the same minimum as trying every minute, from the few candidate starts only', () => {
    for (const minutes of [30, 60, 90, 150]) {
      const durationMs = minutes * MINUTE;
      const starts = candidateStarts(at('10:20'), durationMs, at('14:00'));
      const best = lowestStart(starts, (startMs) => average(startMs, durationMs));
      let bruteForce = Number.POSITIVE_INFINITY;
      for (let start = at('10:20'); start <= at('14:00'); start += MINUTE) {
        bruteForce = Math.min(bruteForce, average(start, durationMs).gCo2ePerKwh);
      }
      expect(best.value.gCo2ePerKwh).toBeCloseTo(bruteForce, 9);
    }
  });

  it('answers exact figures: 60 minutes is best at 12:00 (10), 120 minutes at 11:00 ((50 + 10) / 2)', () => {
    const hour = lowestStart(candidateStarts(at('10:20'), HOUR, at('14:00')), (s) => average(s, HOUR));
    expect(iso(hour.startMs)).toBe('12:00');
    expect(hour.value.gCo2ePerKwh).toBe(10);
    const twoHours = lowestStart(candidateStarts(at('10:20'), 2 * HOUR, at('14:00')), (s) =>
      average(s, 2 * HOUR),
    );
    expect(iso(twoHours.startMs)).toBe('11:00');
    expect(twoHours.value.gCo2ePerKwh).toBe(30);
  });

  it('keeps the earliest of equal starts', () => {
    const flat = lowestStart([1, 2, 3], () => ({ gCo2ePerKwh: 5 }));
    expect(flat.startMs).toBe(1);
  });
});
