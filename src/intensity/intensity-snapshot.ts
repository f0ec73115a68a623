import { profileLookbackMs, type ChainSettings, type ZoneIntensityData } from './domain/zone-intensity.js';
import { MS_PER_DAY } from '../platform/kernel/time.js';
import type { IntensityObservation, ReferenceIntensity } from './domain/intensity.types.js';

export interface ForecastPointView {
  datetime: string;
  gCo2ePerKwh: number;
}

interface MutableZoneData {
  zone: string;
  measured: Map<number, IntensityObservation>;
  forecast: Map<number, IntensityObservation>;
  latest?: IntensityObservation;
  reference: ReferenceIntensity;
  /** The forecast sorted by hour, as the API shows it; rebuilt after the forecast changes. */
  forecastView?: { hourMs: number; point: ForecastPointView }[];
}

/**
 * The intensities in use, in memory, per zone: every measured and forecast point of the recent
 * past and the forecast horizon. Fed from intensity_observations (at start and after each
 * refresh) and from this instance's own fetches. Requests read it and never wait on the database.
 */
export class IntensitySnapshot {
  private readonly byZone = new Map<string, MutableZoneData>();
  private changes = 0;

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
      this.changes += 1;
      if (observation.kind === 'forecast') data.forecastView = undefined;
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
    const measuredCutoff = now.getTime() - profileLookbackMs(settings.profileDays);
    const forecastCutoff = now.getTime() - 7 * MS_PER_DAY;
    for (const data of this.byZone.values()) {
      for (const key of data.measured.keys()) {
        if (key < measuredCutoff && data.measured.delete(key)) this.changes += 1;
      }
      for (const key of data.forecast.keys()) {
        if (key < forecastCutoff) {
          data.forecast.delete(key);
          data.forecastView = undefined;
          this.changes += 1;
        }
      }
    }
  }

  /**
   * Grows with every change to the points held (added, replaced or forgotten): answers built from
   * the snapshot can be reused while it stays the same.
   */
  get version(): number {
    return this.changes;
  }

  /**
   * Forecast points from `fromMs` on, sorted. The sorted list (with its ISO strings) is built once
   * per forecast change, not per request: a warm request only slices it.
   */
  forecastFrom(zone: string, fromMs: number): ForecastPointView[] {
    const data = this.byZone.get(zone);
    if (!data) return [];
    data.forecastView ??= [...data.forecast.values()]
      .sort((a, b) => a.datetime.getTime() - b.datetime.getTime())
      .map((point) => ({
        hourMs: point.datetime.getTime(),
        point: { datetime: point.datetime.toISOString(), gCo2ePerKwh: point.gCo2ePerKwh },
      }));
    const first = data.forecastView.findIndex((entry) => entry.hourMs >= fromMs);
    return first === -1 ? [] : data.forecastView.slice(first).map((entry) => entry.point);
  }

  get(zone: string): ZoneIntensityData {
    return (
      this.byZone.get(zone) ?? {
        zone,
        measured: new Map(),
        forecast: new Map(),
        reference: this.referenceOf(zone),
      }
    );
  }

  /** Zones with at least one point held. */
  zones(): IterableIterator<string> {
    return this.byZone.keys();
  }

  hasData(zone: string): boolean {
    const data = this.byZone.get(zone);
    return data !== undefined && (data.measured.size > 0 || data.forecast.size > 0);
  }

  private zoneData(zone: string): MutableZoneData {
    let data = this.byZone.get(zone);
    if (!data) {
      data = { zone, measured: new Map(), forecast: new Map(), reference: this.referenceOf(zone) };
      this.byZone.set(zone, data);
    }
    return data;
  }
}
