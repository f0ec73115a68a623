/**
 * The fallback chain (docs/ELECTRICITY-MAPS.md#the-fallback-chain), over the per-zone data a service
 * holds in memory. Pure: the present instant is always a parameter, never read from a clock.
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../../platform/kernel/time.js';
import { hourOfDayUtc, hourStart } from './hours.js';
import type {
  IntensityObservation,
  IntensitySource,
  IntensityValue,
  ReferenceIntensity,
} from './intensity.types.js';

export interface ZoneIntensityData {
  zone: string;
  /** Measured points by hour start (ms since epoch) → observation (kind 'measured'). */
  measured: ReadonlyMap<number, IntensityObservation>;
  /** Forecast points by hour start (ms) → observation (kind 'forecast'); the newest fetch wins. */
  forecast: ReadonlyMap<number, IntensityObservation>;
  /** The most recent `latest` call's answer, if any. */
  latest?: IntensityObservation;
  reference: ReferenceIntensity;
}

/** Days of history the profile learns from, and the fewest distinct days it needs for an hour. */
export const PROFILE_DAYS = 14;
export const PROFILE_MIN_DAYS = 3;

/**
 * How far back the profile reads measured points: its `profileDays` days plus the day of the
 * instant itself. The snapshot in memory keeps exactly this much; older hours are read from the
 * table when needed (POST /consumption of old views).
 */
export function profileLookbackMs(profileDays: number = PROFILE_DAYS): number {
  return (profileDays + 1) * MS_PER_DAY;
}

export interface ChainSettings {
  /** INTENSITY_REFRESH_SECONDS: a latest value fetched less than this ago is `live`. */
  liveWindowSeconds: number;
  /** STORED_INTENSITY_MAX_AGE_HOURS * 3600: how far back a measured hour may start to be `stored`. */
  storedMaxAgeSeconds: number;
  /** The profile learns from the same hour of day over this many days before the instant. */
  profileDays: number;
  /** A profile needs at least this many distinct days of data for its hour of day (at least 1). */
  profileMinDays: number;
}

export interface ProfileValue {
  gCo2ePerKwh: number;
  /** Distinct days that contributed. */
  days: number;
  /** Hour start of the most recent contributing point. */
  newest: Date;
}

/** The value for one whole hour, as the window average consumes it. */
export interface HourIntensity {
  gCo2ePerKwh: number;
  source: IntensitySource;
  isEstimated: boolean;
}

/** Milliseconds from `since` to `instant`, clamped at 0: a point fetched "after" the instant is fresh. */
function ageMs(instant: Date, since: Date): number {
  return Math.max(0, instant.getTime() - since.getTime());
}

/** Ages are reported in whole seconds, rounded down (like HTTP `Age`). */
function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function isFresh(latest: IntensityObservation, now: Date, settings: ChainSettings): boolean {
  // Compared in ms, before rounding, so that rounding never stretches the window.
  return ageMs(now, latest.fetchedAt) < settings.liveWindowSeconds * 1000;
}

/** Of two candidates for the same hour, the one fetched last (it may carry a revised value). */
function fetchedLast(
  a: IntensityObservation | undefined,
  b: IntensityObservation | undefined,
): IntensityObservation | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.fetchedAt.getTime() > a.fetchedAt.getTime() ? b : a;
}

/**
 * The `stored` rule: the most recent measured point (the latest answer counts as one) whose hour
 * started no later than the hour of `at` and at most `storedMaxAgeSeconds` before `at`. The bound
 * keeps a value from a long outage from passing for the present; beyond it the profile is better.
 */
function storedPoint(
  data: ZoneIntensityData,
  at: Date,
  settings: ChainSettings,
): IntensityObservation | undefined {
  const newestAllowed = hourStart(at).getTime();
  const oldestAllowed = at.getTime() - settings.storedMaxAgeSeconds * 1000;
  let best: IntensityObservation | undefined;
  let bestHour = -Infinity;
  const consider = (point: IntensityObservation): void => {
    const hour = hourStart(point.datetime).getTime();
    if (hour > newestAllowed || hour < oldestAllowed) return;
    if (hour > bestHour) {
      best = point;
      bestHour = hour;
    } else if (hour === bestHour) {
      best = fetchedLast(best, point);
    }
  };
  for (const point of data.measured.values()) consider(point);
  if (data.latest) consider(data.latest);
  return best;
}

/**
 * The profile for the hour of day of `hour`, learned from measured points strictly before the hour
 * of `now`. Only the past is used because the profile stands in for data we do not have: a point
 * for the current hour, if any, is used directly by the chain, and learning from it (or from later
 * points) would let the profile quietly echo the value it is supposed to replace.
 *
 * The window is the `profileDays` days before the hour of `now` ([hourStart(now) − N days,
 * hourStart(now))), so exactly N candidate points — one per day — whatever the minute of `now`.
 * Keys are hour starts, so each candidate is on a distinct UTC day and the mean is per day.
 */
export function profileForHour(
  data: ZoneIntensityData,
  hour: Date,
  now: Date,
  settings: ChainSettings,
): ProfileValue | undefined {
  const base = hourStart(now).getTime();
  // The most recent hour with the wanted hour of day strictly before `base`: 1 to 24 hours back.
  const hoursBack = ((hourOfDayUtc(now) - hourOfDayUtc(hour) + 23) % 24) + 1;
  const first = base - hoursBack * MS_PER_HOUR;
  let sum = 0;
  let days = 0;
  let newest: number | undefined;
  for (let day = 0; day < settings.profileDays; day++) {
    const key = first - day * MS_PER_DAY;
    const point = data.measured.get(key);
    if (!point) continue;
    sum += point.gCo2ePerKwh;
    days++;
    newest ??= key;
  }
  // At least one day even if configured lower: a mean of nothing is not a value.
  if (newest === undefined || days < Math.max(1, settings.profileMinDays)) return undefined;
  return { gCo2ePerKwh: sum / days, days, newest: new Date(newest) };
}

/** The profile for the hour of `at`, learned from points before the hour of `at`. */
export function profileValue(
  data: ZoneIntensityData,
  at: Date,
  settings: ChainSettings,
): ProfileValue | undefined {
  return profileForHour(data, at, at, settings);
}

/** The value for the instant `at`: live, forecast, stored, profile, then reference. */
export function currentIntensity(data: ZoneIntensityData, at: Date, settings: ChainSettings): IntensityValue {
  const hour = hourStart(at);
  const { zone, latest } = data;

  // Electricity Maps' latest point is often for the previous hour until the current one is
  // published, so a fresh latest for the hour before still counts as live.
  if (latest && isFresh(latest, at, settings)) {
    const latestHour = hourStart(latest.datetime).getTime();
    if (latestHour === hour.getTime() || latestHour === hour.getTime() - MS_PER_HOUR) {
      return {
        zone,
        gCo2ePerKwh: latest.gCo2ePerKwh,
        source: 'live',
        datetime: latest.datetime.toISOString(),
        isEstimated: latest.isEstimated,
        ageSeconds: wholeSeconds(ageMs(at, latest.fetchedAt)),
      };
    }
  }

  const forecast = data.forecast.get(hour.getTime());
  if (forecast) {
    return {
      zone,
      gCo2ePerKwh: forecast.gCo2ePerKwh,
      source: 'forecast',
      datetime: forecast.datetime.toISOString(),
      isEstimated: true,
      ageSeconds: wholeSeconds(ageMs(at, forecast.fetchedAt)),
    };
  }

  const stored = storedPoint(data, at, settings);
  if (stored) {
    return {
      zone,
      gCo2ePerKwh: stored.gCo2ePerKwh,
      source: 'stored',
      datetime: stored.datetime.toISOString(),
      isEstimated: stored.isEstimated,
      ageSeconds: wholeSeconds(ageMs(at, hourStart(stored.datetime))),
    };
  }

  const profile = profileValue(data, at, settings);
  if (profile) {
    return {
      zone,
      gCo2ePerKwh: profile.gCo2ePerKwh,
      source: 'profile',
      datetime: hour.toISOString(),
      isEstimated: true,
      // How old the freshest evidence behind the estimate is.
      ageSeconds: wholeSeconds(ageMs(at, profile.newest)),
    };
  }

  // A yearly average is for no particular hour: its datetime is the instant asked (intensity.types.ts).
  return {
    zone,
    gCo2ePerKwh: data.reference.gCo2ePerKwh,
    source: 'reference',
    datetime: at.toISOString(),
    isEstimated: true,
    ageSeconds: 0,
  };
}

/**
 * The value for one whole hour (past, present or future) as seen from the present instant `now`:
 * the exact measured hour (live when it is the fresh latest answer, else stored), its forecast, for
 * the current hour only the `stored` rule, then the profile for its hour of day, then the reference.
 */
export function hourIntensity(
  data: ZoneIntensityData,
  hour: Date,
  now: Date,
  settings: ChainSettings,
): HourIntensity {
  const start = hourStart(hour);
  const key = start.getTime();
  const { latest } = data;
  const latestHere = latest && hourStart(latest.datetime).getTime() === key ? latest : undefined;

  if (latestHere && isFresh(latestHere, now, settings)) {
    return { gCo2ePerKwh: latestHere.gCo2ePerKwh, source: 'live', isEstimated: latestHere.isEstimated };
  }

  // The exact hour needs no age bound: however old, it is the measurement of that very hour.
  const measured = fetchedLast(data.measured.get(key), latestHere);
  if (measured) {
    return { gCo2ePerKwh: measured.gCo2ePerKwh, source: 'stored', isEstimated: measured.isEstimated };
  }

  const forecast = data.forecast.get(key);
  if (forecast) {
    return { gCo2ePerKwh: forecast.gCo2ePerKwh, source: 'forecast', isEstimated: true };
  }

  // Carrying the last measurement forward is only sound for the hour we are in; for any other
  // missing hour the profile of its own hour of day is the better guess.
  if (key === hourStart(now).getTime()) {
    const stored = storedPoint(data, now, settings);
    if (stored) {
      return { gCo2ePerKwh: stored.gCo2ePerKwh, source: 'stored', isEstimated: stored.isEstimated };
    }
  }

  const profile = profileForHour(data, start, now, settings);
  if (profile) {
    return { gCo2ePerKwh: profile.gCo2ePerKwh, source: 'profile', isEstimated: true };
  }

  return { gCo2ePerKwh: data.reference.gCo2ePerKwh, source: 'reference', isEstimated: true };
}
