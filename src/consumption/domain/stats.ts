/** GET /stats: what to group by, the day range, and the figures of a group. Pure. */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';

export const TIME_GROUPS = ['day', 'week', 'month'] as const;
export const DIMENSION_GROUPS = [
  'viewerCountry',
  'region',
  'provider',
  'resolution',
  'device',
  'connection',
  'model',
  'video',
] as const;
export const STATS_GROUPS = [...TIME_GROUPS, ...DIMENSION_GROUPS] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];
export type RollupDimension = (typeof DIMENSION_GROUPS)[number] | 'all';

export const DEFAULT_STATS_DAYS = 30;
/** Ten years of days: a bound on the rows a time grouping can answer. */
export const MAX_STATS_DAYS = 3660;
/**
 * The days `from` and `to` may name: from the Unix epoch to the last day with a four-digit year
 * (a year 0 or a negative year is not a day PostgreSQL or ISO 8601 dates agree on).
 */
export const EARLIEST_STATS_DAY = '1970-01-01';
export const LATEST_STATS_DAY = '9999-12-31';
const EARLIEST_STATS_DAY_MS = Date.parse(EARLIEST_STATS_DAY);
const LATEST_STATS_DAY_MS = Date.parse(LATEST_STATS_DAY);

export interface DayRange {
  /** First day (00:00 UTC), inclusive. */
  from: Date;
  /** Day after the last (00:00 UTC), exclusive. */
  to: Date;
}

function isMidnightUtc(date: Date): boolean {
  return date.getTime() % MS_PER_DAY === 0;
}

/**
 * Statistics are kept per UTC day, so bounds are days: `from` inclusive, `to` exclusive, each a
 * date (2026-11-01) or a date-time at 00:00 UTC. Defaults: the 30 days up to the end of today.
 */
export function statsRange(from: Date | undefined, to: Date | undefined, now: Date): DayRange {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !isMidnightUtc(value)) {
      throw InvalidInputError.forField(
        field,
        'must be a day (2026-11-01) or 00:00 UTC: statistics are kept per UTC day',
      );
    }
  }
  if (
    from !== undefined &&
    (from.getTime() < EARLIEST_STATS_DAY_MS || from.getTime() > LATEST_STATS_DAY_MS)
  ) {
    throw InvalidInputError.forField(
      'from',
      `must be a day from ${EARLIEST_STATS_DAY} to ${LATEST_STATS_DAY}`,
    );
  }
  if (to !== undefined && (to.getTime() <= EARLIEST_STATS_DAY_MS || to.getTime() > LATEST_STATS_DAY_MS)) {
    throw InvalidInputError.forField(
      'to',
      `must be a day after ${EARLIEST_STATS_DAY} and at most ${LATEST_STATS_DAY}`,
    );
  }
  const end = to ?? new Date(Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY + MS_PER_DAY);
  // The default start never goes before the earliest day (to=1970-01-10 counts from 1970-01-01).
  const start =
    from ?? new Date(Math.max(EARLIEST_STATS_DAY_MS, end.getTime() - DEFAULT_STATS_DAYS * MS_PER_DAY));
  if (start.getTime() >= end.getTime()) throw InvalidInputError.forField('to', 'must be after from');
  if (end.getTime() - start.getTime() > MAX_STATS_DAYS * MS_PER_DAY) {
    throw InvalidInputError.forField('to', `must be at most ${MAX_STATS_DAYS} days after from`);
  }
  return { from: start, to: end };
}

export interface RollupSums {
  views: number;
  minutes: number;
  dataVolumeGb: number;
  energyKwh: number;
  emissionsG: number;
  /** Sum of the views' carbon receipts, g (signed). */
  avoidedG: number;
  /** Views with a receipt (those that named their serving region). */
  receiptViews: number;
}

export interface StatsFigures {
  views: number;
  hoursViewed: number;
  dataVolumeGb: number;
  energyKwh: number;
  emissionsKg: number;
  /** Grams of CO2e per hour viewed; null when nothing was viewed. */
  gPerHour: number | null;
  /** CO2e avoided by serving regions against the nearest serving region, kg (signed sum of receipts). */
  avoidedKg: number;
  /** Views that carry a receipt; the others named no region and count for nothing in avoidedKg. */
  viewsWithReceipt: number;
}

export function statsFigures(sums: RollupSums): StatsFigures {
  const hoursViewed = sums.minutes / 60;
  return {
    views: sums.views,
    hoursViewed,
    dataVolumeGb: sums.dataVolumeGb,
    energyKwh: sums.energyKwh,
    emissionsKg: sums.emissionsG / 1000,
    gPerHour: hoursViewed > 0 ? sums.emissionsG / hoursViewed : null,
    avoidedKg: sums.avoidedG / 1000,
    viewsWithReceipt: sums.receiptViews,
  };
}

export function isTimeGroup(group: StatsGroup): group is (typeof TIME_GROUPS)[number] {
  return (TIME_GROUPS as readonly string[]).includes(group);
}

/** The group key of a day: the day, the Monday of its ISO week, or its month. */
export function timeGroupKey(day: Date, group: (typeof TIME_GROUPS)[number]): string {
  const iso = day.toISOString();
  if (group === 'day') return iso.slice(0, 10);
  if (group === 'month') return iso.slice(0, 7);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day.getTime() - weekday * MS_PER_DAY).toISOString().slice(0, 10);
}
