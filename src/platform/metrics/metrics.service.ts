import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type {
  BreakerState,
  CallEvent,
} from '../../intensity/adapters/electricity-maps/electricity-maps.types.js';
import type { IntensitySource } from '../../intensity/domain/intensity.types.js';
import { INTENSITY_SOURCES } from '../../intensity/domain/intensity.types.js';
import { CounterSeries, FastCounter, FastHistogram, HistogramSeries } from './fast-metrics.js';

/** Every metric of the application starts with this (process metrics keep their standard names). */
export const METRIC_PREFIX = 'greenstream_';

/** Request durations, in seconds: a warm read is ~1-5 ms, a write ~10 ms, a cold footprint more. */
export const HTTP_DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** Electricity Maps call durations, in seconds, retries included (timeout 2 s per attempt by default). */
export const UPSTREAM_DURATION_BUCKETS_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] as const;

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

export interface ZoneIntensityReading {
  zone: string;
  gCo2ePerKwh: number;
  source: IntensitySource;
}

export interface DatabasePoolReading {
  /** Connections open (idle + in use). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/** Records one request's duration for one route and method; the status series are cached by code. */
export interface RouteRecorder {
  observe(statusCode: number, durationSeconds: number): void;
}

/**
 * Every Prometheus metric of the service, in a registry of its own (several apps in one process,
 * as in the tests, do not mix their figures). Hot paths (a request, an intensity answer, a
 * recommendation) only add numbers to series looked up once; figures that already live elsewhere
 * (zone intensities, breaker state, pool use) are read when Prometheus scrapes.
 *
 * Plain enough to build with `new MetricsService()` outside Nest (unit tests, the deployment test
 * that checks the dashboard's queries against the names exported here).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new FastHistogram(
    `${METRIC_PREFIX}http_request_duration_seconds`,
    'Time to answer an HTTP request, by route pattern, method and status code, in seconds',
    ['route', 'method', 'status'],
    HTTP_DURATION_BUCKETS_SECONDS,
  );
  private readonly intensityAnswers = new FastCounter(
    `${METRIC_PREFIX}intensity_answers_total`,
    'Intensity values served (current values and window averages), by source: live, forecast, stored, profile, reference',
    ['source'],
  );
  private readonly intensityAnswerSeries: Record<IntensitySource, CounterSeries>;
  private readonly recommendations = new FastCounter(
    `${METRIC_PREFIX}recommendations_total`,
    'Recommendations served, by footprint model',
    ['model'],
  );
  private readonly avoidedGrams = new FastCounter(
    `${METRIC_PREFIX}co2e_avoided_grams_total`,
    'Grams of CO2e avoided by the recommended region against the nearest eligible one, by footprint model',
    ['model'],
  );
  private readonly recommendationSeries = new Map<
    string,
    { served: CounterSeries; avoided: CounterSeries }
  >();
  private readonly viewsIngested: CounterSeries;

  private readonly upstreamCalls = new Counter({
    name: `${METRIC_PREFIX}electricity_maps_calls_total`,
    help: 'Calls to Electricity Maps, by endpoint and outcome (success, or the error kind: timeout, server, circuit-open, ...)',
    labelNames: ['endpoint', 'outcome'] as const,
    registers: [],
  });
  private readonly upstreamDuration = new Histogram({
    name: `${METRIC_PREFIX}electricity_maps_call_duration_seconds`,
    help: 'Duration of calls to Electricity Maps, retries included, by endpoint and outcome, in seconds',
    labelNames: ['endpoint', 'outcome'] as const,
    buckets: [...UPSTREAM_DURATION_BUCKETS_SECONDS],
    registers: [],
  });

  private breakerSource: (() => BreakerState) | undefined;
  private zoneIntensitySource: (() => Iterable<ZoneIntensityReading>) | undefined;
  private poolSource: (() => DatabasePoolReading | undefined) | undefined;
  private rollupCompactionSource: (() => Date | undefined) | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.intensityAnswerSeries = Object.fromEntries(
      INTENSITY_SOURCES.map((source) => [source, this.intensityAnswers.with(source)]),
    ) as Record<IntensitySource, CounterSeries>;
    const views = new FastCounter(
      `${METRIC_PREFIX}views_ingested_total`,
      'Views recorded through POST /consumption',
      [],
    );
    this.viewsIngested = views.with();

    for (const metric of [
      this.httpDuration,
      this.intensityAnswers,
      this.recommendations,
      this.avoidedGrams,
      views,
    ]) {
      // prom-client's Registry only calls get() and reset() on what it holds.
      this.registry.registerMetric(metric as unknown as Metric);
    }
    this.registry.registerMetric(this.upstreamCalls);
    this.registry.registerMetric(this.upstreamDuration);
    this.registerLazyGauges();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text Prometheus scrapes. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** Names of every metric family exported (histograms add _bucket, _sum and _count). */
  metricNames(): string[] {
    return this.registry.getMetricsAsArray().map((metric) => (metric as unknown as { name: string }).name);
  }

  /** For one route: `route` is the pattern (`/intensity/:zone`), never the raw URL. */
  routeRecorder(route: string, method: string): RouteRecorder {
    const byStatus = new Map<number, HistogramSeries>();
    const histogram = this.httpDuration;
    return {
      observe: (statusCode, durationSeconds) => {
        let series = byStatus.get(statusCode);
        if (!series) {
          series = histogram.with(route, method, String(statusCode));
          byStatus.set(statusCode, series);
        }
        histogram.observe(series, durationSeconds);
      },
    };
  }

  countIntensityAnswer(source: IntensitySource): void {
    this.intensityAnswerSeries[source].value += 1;
  }

  /** One recommendation served; `avoidedG` is the saving against the nearest eligible region (>= 0). */
  recordRecommendation(model: string, avoidedG: number): void {
    let series = this.recommendationSeries.get(model);
    if (!series) {
      series = { served: this.recommendations.with(model), avoided: this.avoidedGrams.with(model) };
      this.recommendationSeries.set(model, series);
    }
    series.served.value += 1;
    if (Number.isFinite(avoidedG) && avoidedG > 0) series.avoided.value += avoidedG;
  }

  /** Views stored by one accepted POST /consumption (replays of an idempotent request count 0). */
  recordViewsIngested(count: number): void {
    if (Number.isFinite(count) && count > 0) this.viewsIngested.value += count;
  }

  /** The Electricity Maps client's `onCall`. */
  recordElectricityMapsCall(event: CallEvent): void {
    const labels = { endpoint: event.endpoint, outcome: event.outcome };
    this.upstreamCalls.inc(labels);
    this.upstreamDuration.observe(labels, event.durationMs / 1000);
  }

  /** Sources read at scrape time. */
  setBreakerStateSource(source: () => BreakerState): void {
    this.breakerSource = source;
  }

  setZoneIntensitySource(source: () => Iterable<ZoneIntensityReading>): void {
    this.zoneIntensitySource = source;
  }

  setDatabasePoolSource(source: () => DatabasePoolReading | undefined): void {
    this.poolSource = source;
  }

  /** When the rollup deltas were last folded into the rollups (undefined: not yet). */
  setRollupCompactionSource(source: () => Date | undefined): void {
    this.rollupCompactionSource = source;
  }

  private registerLazyGauges(): void {
    // Each `collect` runs when Prometheus scrapes: the figures are read where they live.
    const breaker: Gauge<'state'> = new Gauge({
      name: `${METRIC_PREFIX}electricity_maps_circuit_breaker_state`,
      help: 'State of the circuit breaker in front of Electricity Maps: 1 for the current state (closed, half-open, open), 0 for the others',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: () => {
        const current = this.breakerSource?.();
        breaker.reset();
        if (current === undefined) return;
        for (const state of BREAKER_STATES) breaker.set({ state }, state === current ? 1 : 0);
      },
    });
    const zoneIntensity: Gauge<'zone' | 'source'> = new Gauge({
      name: `${METRIC_PREFIX}zone_carbon_intensity_gco2e_per_kwh`,
      help: 'Current carbon intensity of each known grid zone, in gCO2e/kWh, with the source it comes from',
      labelNames: ['zone', 'source'] as const,
      registers: [this.registry],
      collect: () => {
        zoneIntensity.reset();
        for (const reading of this.zoneIntensitySource?.() ?? []) {
          zoneIntensity.set({ zone: reading.zone, source: reading.source }, reading.gCo2ePerKwh);
        }
      },
    });
    const poolConnections: Gauge<'state'> = new Gauge({
      name: `${METRIC_PREFIX}db_pool_connections`,
      help: 'PostgreSQL pool of this instance: connections open (total), idle, in use, and queries waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: () => {
        const pool = this.poolSource?.();
        poolConnections.reset();
        if (!pool) return;
        poolConnections.set({ state: 'total' }, pool.total);
        poolConnections.set({ state: 'idle' }, pool.idle);
        poolConnections.set({ state: 'in_use' }, pool.total - pool.idle);
        poolConnections.set({ state: 'waiting' }, pool.waiting);
      },
    });
    const compacted: Gauge = new Gauge({
      name: `${METRIC_PREFIX}rollup_compaction_last_success_timestamp_seconds`,
      help: 'When this instance last folded the rollup deltas of POST /consumption into the rollups (Unix time, seconds); 0 before the first success',
      registers: [this.registry],
      collect: () => {
        const at = this.rollupCompactionSource?.();
        compacted.reset();
        if (at) compacted.set(at.getTime() / 1000);
      },
    });
    const poolMax: Gauge = new Gauge({
      name: `${METRIC_PREFIX}db_pool_max_connections`,
      help: 'Largest number of connections the PostgreSQL pool of this instance may open (DATABASE_POOL_SIZE)',
      registers: [this.registry],
      collect: () => {
        const pool = this.poolSource?.();
        poolMax.reset();
        if (pool) poolMax.set(pool.max);
      },
    });
  }
}
