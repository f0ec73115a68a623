import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../platform/kernel/errors.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { GeoService } from '../geo/geo.service.js';
import { EventBus } from '../platform/events/event-bus.js';
import { INTENSITY_ANSWERED } from './intensity.events.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { hourStart } from './domain/hours.js';
import type { IntensityObservation, IntensitySource, IntensityValue } from './domain/intensity.types.js';
import { INTENSITY_SOURCES } from './domain/intensity.types.js';
import { isDegradedAnswer } from './domain/degraded.js';
import { WindowAverage, zoneWindowAverage } from './domain/window-average.js';
import {
  ChainSettings,
  currentIntensity,
  PROFILE_DAYS,
  PROFILE_MIN_DAYS,
  profileLookbackMs,
} from './domain/zone-intensity.js';
import { MS_PER_DAY } from '../platform/kernel/time.js';
import { CallBudget } from './call-budget.js';
import { IntensityFetcherService } from './intensity-fetcher.service.js';
import { ForecastPointView, IntensitySnapshot } from './intensity-snapshot.js';
import { IntensityStore } from './persistence/intensity.store.js';
import { knownReferenceZones, referenceIntensity } from '../geo/domain/reference-intensities.js';

/** A window average as the API answers it: an intensity value plus the sources that contributed. */
export interface WindowIntensityValue extends IntensityValue {
  from: string;
  to: string;
  sources: IntensitySource[];
}

/** The answer of GET /intensity/:zone, its fields in the order the route writes them. */
export interface ZoneIntensityReport {
  zone: string;
  latest: IntensityValue;
  forecast: ForecastPointView[];
  degraded: boolean;
  window?: WindowIntensityValue;
}

/** A zone first asked for on demand is not asked again for this long after a failure. */
const ON_DEMAND_RETRY_MS = 60_000;
/** A zone outside the catalogue is kept fresh by the background refresh this long after its last use. */
export const ON_DEMAND_IN_USE_MS = 60 * 60_000;

function worstSource(sources: IntensitySource[]): IntensitySource {
  return (
    [...sources].sort((a, b) => INTENSITY_SOURCES.indexOf(b) - INTENSITY_SOURCES.indexOf(a))[0] ?? 'reference'
  );
}

/** The current value of one zone, as read for the metrics scrape. */
export interface ZoneReading {
  zone: string;
  gCo2ePerKwh: number;
  source: IntensitySource;
}

/**
 * Intensities for requests: read from the in-memory snapshot (never waiting on Electricity Maps
 * when a usable value exists), with the fallback chain (docs/ELECTRICITY-MAPS.md#the-fallback-chain).
 * A zone outside the catalogue is fetched on first use, once for all concurrent requests.
 */
@Injectable()
export class IntensityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntensityService.name);
  readonly snapshot: IntensitySnapshot;
  readonly settings: ChainSettings;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly onDemandAttempts = new Map<string, number>();
  /** Zones outside the catalogue, by last use (ms): refreshed in the background while in use. */
  private readonly onDemandUse = new Map<string, number>();
  private readonly referenceZones = new Set(knownReferenceZones());
  private entitledZones = new Set<string>();
  private lastSyncedFetchedAt = new Date(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fetcher: IntensityFetcherService,
    private readonly budget: CallBudget,
    private readonly store: IntensityStore,
    private readonly catalogue: CatalogueService,
    private readonly geo: GeoService,
    private readonly events: EventBus,
  ) {
    this.settings = {
      liveWindowSeconds: config.intensityRefreshSeconds,
      storedMaxAgeSeconds: config.storedIntensityMaxAgeHours * 3600,
      profileDays: PROFILE_DAYS,
      profileMinDays: PROFILE_MIN_DAYS,
    };
    this.snapshot = new IntensitySnapshot((zone) =>
      referenceIntensity(zone, (alpha2) => this.geo.findCountry(alpha2)?.alpha3),
    );
  }

  /** Changes whenever the intensities in memory change: answers built on them are then stale. */
  get dataVersion(): number {
    return this.snapshot.version;
  }

  /** What was learned before (this instance or another) is in use from the first request on. */
  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    const observations = await this.store.loadRecent(
      new Date(now.getTime() - profileLookbackMs()),
      new Date(hourStart(now).getTime() - MS_PER_DAY),
    );
    this.absorb(observations);
    this.logger.log(`Intensity snapshot loaded: ${observations.length} stored points`);
  }

  isConfigured(): boolean {
    return this.config.electricityMapsApiToken !== undefined;
  }

  /** Takes in points stored by any instance. */
  absorb(observations: IntensityObservation[]): void {
    this.snapshot.apply(observations);
    for (const observation of observations) {
      if (observation.fetchedAt > this.lastSyncedFetchedAt) this.lastSyncedFetchedAt = observation.fetchedAt;
    }
  }

  /** Reads what other instances stored since the last look. */
  async syncFromStore(): Promise<void> {
    // A small overlap: rows committed out of fetched_at order by a concurrent writer are not missed.
    const since = new Date(this.lastSyncedFetchedAt.getTime() - 60_000);
    this.absorb(await this.store.loadFetchedAfter(since));
    this.snapshot.prune(new Date(), this.settings);
  }

  /** Measured and forecast points stored for each zone over its range (one query for all zones). */
  storedObservations(ranges: { zone: string; from: Date; to: Date }[]): Promise<IntensityObservation[]> {
    return this.store.observationsInRanges(ranges);
  }

  setEntitledZones(zones: Iterable<string>): void {
    this.entitledZones = new Set(zones);
  }

  /** Zones the service knows: the catalogue's, those with yearly data, those the token may read. */
  isKnownZone(zone: string): boolean {
    return (
      this.referenceZones.has(zone) ||
      this.entitledZones.has(zone) ||
      this.catalogue.current().zoneSet.has(zone) ||
      this.snapshot.hasData(zone)
    );
  }

  assertKnownZone(zone: string): void {
    if (!this.isKnownZone(zone)) throw new NotFoundError(`Unknown zone '${zone}'`);
  }

  /** The value now, through the fallback chain (synchronous: snapshot only); counted in the metrics. */
  current(zone: string, at = new Date()): IntensityValue {
    const value = currentIntensity(this.snapshot.get(zone), at, this.settings);
    this.events.emit(INTENSITY_ANSWERED, value.source);
    return value;
  }

  /** The current value of every zone held or in the catalogue, for the metrics scrape (not counted). */
  *currentReadings(at = new Date()): Iterable<ZoneReading> {
    const zones = new Set([...this.catalogue.current().zones, ...this.snapshot.zones()]);
    for (const zone of zones) {
      const value = currentIntensity(this.snapshot.get(zone), at, this.settings);
      yield { zone, gCo2ePerKwh: value.gCo2ePerKwh, source: value.source };
    }
  }

  /** Time-weighted mean over [from, to), hour by hour, each hour falling back on its own. */
  window(zone: string, from: Date, to: Date, now = new Date()): WindowIntensityValue {
    const average: WindowAverage = zoneWindowAverage(this.snapshot.get(zone), from, to, now, this.settings);
    const source = worstSource(average.sources);
    this.events.emit(INTENSITY_ANSWERED, source);
    return {
      zone,
      gCo2ePerKwh: average.gCo2ePerKwh,
      source,
      datetime: from.toISOString(),
      isEstimated: average.isEstimated,
      ageSeconds: Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000)),
      from: from.toISOString(),
      to: to.toISOString(),
      sources: average.sources,
    };
  }

  /** Forecast points from the current hour on. */
  forecast(zone: string, now = new Date()): ForecastPointView[] {
    return this.snapshot.forecastFrom(zone, hourStart(now).getTime());
  }

  /**
   * For a zone the background refresh does not cover: the first request fetches its latest value
   * and its forecast (within the call budget), and every concurrent request for that zone waits on
   * those same calls, for at most ELECTRICITY_MAPS_TIMEOUT_MS in total (retries included: a hanging
   * upstream never holds a request longer; the calls go on in the background and their answer is
   * kept). Returns undefined (no promise, no wait) for catalogue zones, zones already held, and
   * zones that failed recently. Each call marks the zone in use: the background refresh then keeps
   * it fresh like a catalogue zone until it has not been used for ON_DEMAND_IN_USE_MS.
   */
  ensureZone(zone: string): Promise<void> | undefined {
    if (!this.isConfigured() || this.catalogue.current().zoneSet.has(zone)) return undefined;
    this.onDemandUse.set(zone, Date.now());
    if (this.snapshot.hasData(zone)) return undefined;
    const pending = this.inFlight.get(zone);
    if (pending) return pending;
    const lastAttempt = this.onDemandAttempts.get(zone);
    if (lastAttempt !== undefined && Date.now() - lastAttempt < ON_DEMAND_RETRY_MS) return undefined;
    const fetching = this.fetchOnDemand(zone);
    let timer: NodeJS.Timeout | undefined;
    const bounded = Promise.race([
      fetching,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.config.electricityMapsTimeoutMs);
        timer.unref();
      }),
    ]).finally(() => {
      clearTimeout(timer);
      this.inFlight.delete(zone);
    });
    this.inFlight.set(zone, bounded);
    return bounded;
  }

  /** Zones outside the catalogue used within ON_DEMAND_IN_USE_MS (older ones are forgotten). */
  zonesInUse(now = new Date()): Set<string> {
    const since = now.getTime() - ON_DEMAND_IN_USE_MS;
    const zones = new Set<string>();
    for (const [zone, usedAt] of this.onDemandUse) {
      if (usedAt < since || this.catalogue.current().zoneSet.has(zone)) this.onDemandUse.delete(zone);
      else zones.add(zone);
    }
    return zones;
  }

  private async fetchOnDemand(zone: string): Promise<void> {
    this.onDemandAttempts.set(zone, Date.now());
    const calls = (['latest', 'forecast'] as const).filter(() => this.budget.take());
    if (calls.length === 0) {
      this.logger.warn({ zone }, 'Call budget reached: on-demand zone answered from the fallback chain');
      return;
    }
    const outcomes = await Promise.all(calls.map((call) => this.fetcher.fetchAndStore(zone, call)));
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.ok) {
        this.absorb(outcome.observations);
      } else {
        this.logger.warn(
          { zone, call: calls[index], error: outcome.error },
          'On-demand intensity fetch failed; answering from the fallback chain',
        );
      }
    }
  }

  /**
   * The whole answer of GET /intensity/:zone. Synchronous unless the zone must first be fetched,
   * so that a warm request allocates no promise.
   */
  report(zone: string, from?: Date, to?: Date): ZoneIntensityReport | Promise<ZoneIntensityReport> {
    this.assertKnownZone(zone);
    if ((from === undefined) !== (to === undefined)) {
      throw InvalidInputError.forField(
        from === undefined ? 'from' : 'to',
        'must be given together with the other bound',
      );
    }
    const fetching = this.ensureZone(zone);
    if (fetching) return fetching.then(() => this.buildReport(zone, from, to));
    return this.buildReport(zone, from, to);
  }

  private buildReport(zone: string, from?: Date, to?: Date): ZoneIntensityReport {
    const now = new Date();
    const latest = this.current(zone, now);
    const window = from && to ? this.window(zone, from, to, now) : undefined;
    const degraded = isDegradedAnswer(this.isConfigured(), [latest.source, ...(window?.sources ?? [])]);
    return { zone, latest, forecast: this.forecast(zone, now), degraded, ...(window ? { window } : {}) };
  }
}
