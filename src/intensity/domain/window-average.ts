/**
 * Time-weighted average intensity over a window, hour by hour: each hour falls back on its own,
 * so a gap in the forecast degrades only the hours it covers. Pure: `now` is a parameter.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';
import { hourOverlapSeconds, hoursCovering } from './hours.js';
import { INTENSITY_SOURCES, type IntensitySource } from './intensity.types.js';
import {
  hourIntensity,
  type ChainSettings,
  type HourIntensity,
  type ZoneIntensityData,
} from './zone-intensity.js';

/** Longest window accepted: a week of hourly points is all a forecast and a profile can speak for. */
export const MAX_WINDOW_SECONDS = (7 * MS_PER_DAY) / 1000;

export interface WindowAverage {
  /** Time-weighted mean over [from, to). */
  gCo2ePerKwh: number;
  /** Distinct sources used, in chain order (live, forecast, stored, profile, reference). */
  sources: IntensitySource[];
  /** True if any hour used was estimated. */
  isEstimated: boolean;
  hours: { hourStart: string; weightSeconds: number; gCo2ePerKwh: number; source: IntensitySource }[];
}

export function windowAverage(
  from: Date,
  to: Date,
  valueForHour: (hourStart: Date) => HourIntensity,
): WindowAverage {
  if (Number.isNaN(from.getTime())) throw InvalidInputError.forField('from', 'must be a valid date');
  if (Number.isNaN(to.getTime())) throw InvalidInputError.forField('to', 'must be a valid date');
  if (from.getTime() >= to.getTime()) throw InvalidInputError.forField('to', 'must be after from');
  const totalSeconds = (to.getTime() - from.getTime()) / 1000;
  if (totalSeconds > MAX_WINDOW_SECONDS) {
    throw InvalidInputError.forField('to', 'must be at most 7 days after from');
  }

  let weighted = 0;
  let isEstimated = false;
  const used = new Set<IntensitySource>();
  const hours: WindowAverage['hours'] = [];
  for (const hour of hoursCovering(from, to)) {
    const weightSeconds = hourOverlapSeconds(hour, from, to);
    const value = valueForHour(hour);
    weighted += value.gCo2ePerKwh * weightSeconds;
    isEstimated ||= value.isEstimated;
    used.add(value.source);
    hours.push({
      hourStart: hour.toISOString(),
      weightSeconds,
      gCo2ePerKwh: value.gCo2ePerKwh,
      source: value.source,
    });
  }

  return {
    gCo2ePerKwh: weighted / totalSeconds,
    sources: INTENSITY_SOURCES.filter((source) => used.has(source)),
    isEstimated,
    hours,
  };
}

/** The window average of one zone, each hour valued by `hourIntensity` as seen from `now`. */
export function zoneWindowAverage(
  data: ZoneIntensityData,
  from: Date,
  to: Date,
  now: Date,
  settings: ChainSettings,
): WindowAverage {
  return windowAverage(from, to, (hour) => hourIntensity(data, hour, now, settings));
}
