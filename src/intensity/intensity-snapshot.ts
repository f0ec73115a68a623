import type { ChainSettings, ZoneIntensityData } from './domain/zone-intensity.js';
import type { IntensityObservation, ReferenceIntensity } from './domain/intensity.types.js';

interface MutableZoneData {
  zone: string;
  measured: Map<number, IntensityObservation>;
  forecast: Map<number, IntensityObservation>;
  latest?: IntensityObservation;
  reference: ReferenceIntensity;
}

/**
 * The intensities in use, in memory, per zone: every measured and forecast point of the recent
 * past and the forecast horizon. Fed from intensity_observations (at start and after each
 * refresh) and from this instance's own fetches. Requests read it and never wait on the database.
 */
export class IntensitySnapshot {
  private readonly zones = new Map<string, MutableZoneData>();

  constructor(private readonly referenceOf: (zone: string) => ReferenceIntensity) {}

  /** Merges points: for one (zone, kind, hour) the most recently fetched value wins. */
  apply(observations: Iterable<IntensityObservation>): void {
    for (const observation of observations) {
      const data = this.zoneData(observation.zone);
      const points = observation.kind === 'measured' ? data.measured : data.forecast;
      const key = observation.datetime.getTime();
      const existing = points.get(key);
      if (existing && existing.fetchedAt.getTime() > observation.fetchedAt.getTime()) continue;
      points.set(key, observation);
      // The latest value is the newest measured hour (the `latest` call answers the current hour).
      if (
        observation.kind === 'measured' &&
        (!data.latest ||
          key > data.latest.datetime.getTime() ||
          (key === data.latest.datetime.getTime() && observation.fetchedAt >= data.latest.fetchedAt))
      ) {
        data.latest = observation;
      }
    }
  }

  /** Forgets points older than what the chain can use (profile window) and past forecasts. */
  prune(now: Date, settings: ChainSettings): void {
    const measuredCutoff = now.getTime() - (settings.profileDays + 1) * 86_400_000;
    const forecastCutoff = now.getTime() - 7 * 86_400_000;
    for (const data of this.zones.values()) {
      for (const key of data.measured.keys()) if (key < measuredCutoff) data.measured.delete(key);
      for (const key of data.forecast.keys()) if (key < forecastCutoff) data.forecast.delete(key);
    }
  }

  get(zone: string): ZoneIntensityData {
    return (
      this.zones.get(zone) ?? {
        zone,
        measured: new Map(),
        forecast: new Map(),
        reference: this.referenceOf(zone),
      }
    );
  }

  hasData(zone: string): boolean {
    const data = this.zones.get(zone);
    return data !== undefined && (data.measured.size > 0 || data.forecast.size > 0);
  }

  private zoneData(zone: string): MutableZoneData {
    let data = this.zones.get(zone);
    if (!data) {
      data = { zone, measured: new Map(), forecast: new Map(), reference: this.referenceOf(zone) };
      this.zones.set(zone, data);
    }
    return data;
  }
}
