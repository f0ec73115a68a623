import { thrownInvalidInput } from '../../../test/support/invalid-input.js';
import { addHours, hourOfDayUtc, hourOverlapSeconds, hoursCovering, hourStart } from './hours.js';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

const thrown = thrownInvalidInput;

describe('hourStart', () => {
  it.each([
    ['2026-11-22T10:37:12.345Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T23:59:59.999Z', '2026-11-22T23:00:00.000Z'],
    ['2026-11-22T12:30:00+05:30', '2026-11-22T07:00:00.000Z'],
    ['1969-12-31T23:30:00.000Z', '1969-12-31T23:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(hourStart(new Date(input)).toISOString()).toBe(expected);
  });
});

describe('addHours', () => {
  it.each([
    ['2026-11-22T10:30:00.000Z', 1, '2026-11-22T11:30:00.000Z'],
    ['2026-11-22T10:30:00.000Z', -1, '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T10:30:00.000Z', 25, '2026-11-23T11:30:00.000Z'],
    ['2026-11-22T10:30:00.000Z', 0.25, '2026-11-22T10:45:00.000Z'],
    ['2026-11-22T10:30:00.000Z', 0, '2026-11-22T10:30:00.000Z'],
  ])('%s + %d h → %s', (input, hours, expected) => {
    expect(addHours(new Date(input), hours).toISOString()).toBe(expected);
  });
});

describe('hourOfDayUtc', () => {
  it.each([
    ['2026-11-22T00:00:00.000Z', 0],
    ['2026-11-22T23:59:59.999Z', 23],
    ['2026-11-22T01:30:00+02:00', 23],
    ['2026-11-22T10:20:00.000Z', 10],
  ])('%s → %d', (input, expected) => {
    expect(hourOfDayUtc(new Date(input))).toBe(expected);
  });
});

describe('hoursCovering', () => {
  it.each([
    [
      'partial first and last hours',
      '2026-11-22T10:30:00.000Z',
      '2026-11-22T12:15:00.000Z',
      ['10', '11', '12'],
    ],
    ['aligned on hours (end excluded)', '2026-11-22T10:00:00.000Z', '2026-11-22T12:00:00.000Z', ['10', '11']],
    ['inside one hour', '2026-11-22T10:10:00.000Z', '2026-11-22T10:50:00.000Z', ['10']],
    ['one hour exactly', '2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z', ['10']],
    ['two seconds across a boundary', '2026-11-22T10:59:59.000Z', '2026-11-22T11:00:01.000Z', ['10', '11']],
  ])('%s', (_name, from, to, hours) => {
    expect(iso(hoursCovering(new Date(from), new Date(to)))).toEqual(
      hours.map((hour) => `2026-11-22T${hour}:00:00.000Z`),
    );
  });

  it('crosses midnight', () => {
    expect(
      iso(hoursCovering(new Date('2026-11-22T23:30:00.000Z'), new Date('2026-11-23T00:30:00.000Z'))),
    ).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-23T00:00:00.000Z']);
  });

  it.each([
    ['from = to', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z'],
    ['from > to', '2026-11-22T11:00:00.000Z', '2026-11-22T10:00:00.000Z'],
    ['invalid date', 'not a date', '2026-11-22T10:00:00.000Z'],
  ])('rejects %s, naming `to`', (_name, from, to) => {
    const error = thrown(() => hoursCovering(new Date(from), new Date(to)));
    expect(error.errors).toEqual([{ field: 'to', message: 'must be after from' }]);
  });
});

describe('hourOverlapSeconds', () => {
  it.each([
    ['first, partial', '10', '2026-11-22T10:30:00.000Z', '2026-11-22T12:15:00.000Z', 1800],
    ['middle, whole', '11', '2026-11-22T10:30:00.000Z', '2026-11-22T12:15:00.000Z', 3600],
    ['last, partial', '12', '2026-11-22T10:30:00.000Z', '2026-11-22T12:15:00.000Z', 900],
    ['after the window', '13', '2026-11-22T10:30:00.000Z', '2026-11-22T12:15:00.000Z', 0],
    ['before the window', '09', '2026-11-22T10:30:00.000Z', '2026-11-22T12:15:00.000Z', 0],
    ['window inside the hour', '10', '2026-11-22T10:10:00.000Z', '2026-11-22T10:50:00.000Z', 2400],
    ['millisecond precision', '10', '2026-11-22T10:59:59.500Z', '2026-11-22T11:00:01.000Z', 0.5],
  ])('%s', (_name, hour, from, to, expected) => {
    expect(hourOverlapSeconds(new Date(`2026-11-22T${hour}:00:00.000Z`), new Date(from), new Date(to))).toBe(
      expected,
    );
  });
});
