import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';
import { cacheSizes } from '../cache/cache-sizes.js';
import { FastHistogram, HistogramSeries } from './fast-metrics.js';

/** Every metric of the application starts with this (process metrics keep their standard names). */
export const METRIC_PREFIX = 'greenstream_';

/** Request durations, in seconds: a warm read is ~1-5 ms, a write ~10 ms, a cold footprint more. */
export const HTTP_DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

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
 * The metrics core: one Prometheus registry per app (several apps in one process, as in the tests,
 * do not mix their figures), the HTTP request durations, the database pool and the process
 * metrics. It knows no feature: what features do is counted by the metrics module (src/metrics),
 * which observes their events and registers its series here with `register`. Hot paths only add
 * numbers to series looked up once; figures that already live elsewhere (pool use) are read when
 * Prometheus scrapes.
 *
 * Plain enough to build with `new MetricsService()` outside Nest (unit tests, the deployment test
 * that checks the dashboard's queries against the names exported).
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
  private poolSource: (() => DatabasePoolReading | undefined) | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.register(this.httpDuration);
    this.registerPoolGauges();
    this.registerCacheGauges();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Adds a metric (prom-client's, or one of fast-metrics.ts) to the registry scraped. */
  register(metric: object): void {
    // prom-client's Registry only calls get() and reset() on what it holds.
    this.registry.registerMetric(metric as Metric);
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

  setDatabasePoolSource(source: () => DatabasePoolReading | undefined): void {
    this.poolSource = source;
  }

  private registerPoolGauges(): void {
    // Each `collect` runs when Prometheus scrapes: the figures are read where they live.
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

  /** Sizes of the in-memory caches (platform/cache registers each one by name). */
  private registerCacheGauges(): void {
    const entries: Gauge<'cache'> = new Gauge({
      name: `${METRIC_PREFIX}cache_entries`,
      help: 'Entries held by each in-memory cache of this process (docs/OPERATIONS.md#limits)',
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect: () => {
        entries.reset();
        for (const reading of cacheSizes()) entries.set({ cache: reading.name }, reading.entries);
      },
    });
    const bytes: Gauge<'cache'> = new Gauge({
      name: `${METRIC_PREFIX}cache_bytes`,
      help: 'Estimated bytes held by each in-memory cache of this process, keys and values (docs/OPERATIONS.md#limits)',
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect: () => {
        bytes.reset();
        for (const reading of cacheSizes()) bytes.set({ cache: reading.name }, reading.bytes);
      },
    });
  }
}
