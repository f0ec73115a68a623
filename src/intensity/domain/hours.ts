/**
 * Hour arithmetic in UTC. Electricity Maps publishes one point per UTC hour, so every intensity
 * lookup is keyed by the start of a UTC hour (milliseconds since the epoch). Pure: no clock here.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';

import { MS_PER_HOUR } from '../../platform/kernel/time.js';

/** Start of the UTC hour containing `date`. UTC has no DST, so flooring the epoch is exact. */
export function hourStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MS_PER_HOUR) * MS_PER_HOUR);
}

/** `date` moved by `hours` (negative moves back); fractions are allowed. */
export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * MS_PER_HOUR);
}

/** Hour of the day in UTC, 0..23. */
export function hourOfDayUtc(date: Date): number {
  return date.getUTCHours();
}

/**
 * Hour starts whose [h, h + 1h) intersects [from, to), in order. The interval is half-open, so a
 * window ending exactly on an hour does not pull in the next one.
 */
export function hoursCovering(from: Date, to: Date): Date[] {
  // Written as a negated `<` so that an invalid Date (NaN) is rejected too.
  if (!(from.getTime() < to.getTime())) {
    throw InvalidInputError.forField('to', 'must be after from');
  }
  const hours: Date[] = [];
  for (let t = hourStart(from).getTime(); t < to.getTime(); t += MS_PER_HOUR) {
    hours.push(new Date(t));
  }
  return hours;
}

/** Seconds of [hour, hour + 1h) that fall inside [from, to); 0 when they do not meet. */
export function hourOverlapSeconds(hour: Date, from: Date, to: Date): number {
  const start = Math.max(hour.getTime(), from.getTime());
  const end = Math.min(hour.getTime() + MS_PER_HOUR, to.getTime());
  return Math.max(0, end - start) / 1000;
}
