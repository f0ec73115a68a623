/**
 * The time-weighted intensity over a view, hour by hour through the fallback chain
 * (`hourIntensity`), exactly as `zoneWindowAverage` computes it, but with each (zone, hour) valued
 * once per batch: a batch of 1,000 views covers a few hundred distinct hours, and the window
 * average also builds a per-hour report a view does not keep. Pure.
 */
import { MS_PER_HOUR } from '../../platform/kernel/time.js';
import { INTENSITY_SOURCES, type IntensitySource } from '../../intensity/domain/intensity.types.js';
import {
  hourIntensity,
  type ChainSettings,
  type HourIntensity,
  type ZoneIntensityData,
} from '../../intensity/domain/zone-intensity.js';

export interface ViewIntensity {
  gCo2ePerKwh: number;
  /** Distinct sources used, in chain order. */
  sources: IntensitySource[];
}

/** Values per hour start (ms) of one zone, shared by the views of a batch. */
export type HourCache = Map<number, HourIntensity>;

export function viewIntensity(
  data: ZoneIntensityData,
  fromMs: number,
  toMs: number,
  now: Date,
  settings: ChainSettings,
  cache: HourCache,
): ViewIntensity {
  let weighted = 0;
  let used = 0; // bit set of sources, by chain order
  for (let hour = Math.floor(fromMs / MS_PER_HOUR) * MS_PER_HOUR; hour < toMs; hour += MS_PER_HOUR) {
    let value = cache.get(hour);
    if (!value) {
      value = hourIntensity(data, new Date(hour), now, settings);
      cache.set(hour, value);
    }
    const overlapMs = Math.min(toMs, hour + MS_PER_HOUR) - Math.max(fromMs, hour);
    weighted += value.gCo2ePerKwh * overlapMs;
    used |= 1 << INTENSITY_SOURCES.indexOf(value.source);
  }
  return {
    gCo2ePerKwh: weighted / (toMs - fromMs),
    sources: INTENSITY_SOURCES.filter((_, index) => (used & (1 << index)) !== 0),
  };
}
