import { Counter, Gauge, Histogram } from 'prom-client';
import type { BreakerState, CallEvent } from '../intensity/intensity.events.js';
import { INTENSITY_SOURCES, type IntensitySource } from '../intensity/domain/intensity.types.js';
import { CounterSeries, FastCounter } from '../platform/metrics/fast-metrics.js';
import { METRIC_PREFIX, type MetricsService } from '../platform/metrics/metrics.service.js';

/** Electricity Maps call durations, in seconds, retries included (timeout 2 s per attempt by default). */
export const UPSTREAM_DURATION_BUCKETS_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] as const;

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

export interface ZoneIntensityReading {
  zone: string;
  gCo2ePerKwh: number;
  source: IntensitySource;
}

/**
 * What the features do, as Prometheus series registered in the metrics core's registry: intensity
 * answers by source, recommendations and the CO2e they avoid, views ingested, Electricity Maps
 * calls, and gauges read at scrape time (breaker state, zone intensities, last rollup compaction).
 * Fed by FeatureMetricsService from the features' events; plain enough for unit tests.
 */
export class FeatureMetrics {
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
  /** Per-view carbon receipts (docs/RECOMMENDATION.md#receipt): net grams avoided = avoided − added. */
  private readonly viewReceiptGrams = new FastCounter(
    `${METRIC_PREFIX}views_co2e_receipt_grams_total`,
    'Grams of CO2e of the carbon receipts of recorded views, by direction: avoided (served from a region cleaner than the nearest) or added (dirtier); /stats avoidedKg = (avoided - added) / 1000',
    ['direction'],
  );
  private readonly receiptAvoided = this.viewReceiptGrams.with('avoided');
  private readonly receiptAdded = this.viewReceiptGrams.with('added');
  private readonly viewReceipts = new FastCounter(
    `${METRIC_PREFIX}views_receipts_total`,
    'Recorded views by carbon receipt: with (the view named its region) or none',
    ['receipt'],
  );
  private readonly withReceipt = this.viewReceipts.with('with');
  private readonly withoutReceipt = this.viewReceipts.with('none');
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
  private lastCompactionAt: Date | undefined;

  constructor(core: MetricsService) {
    const intensityAnswers = new FastCounter(
      `${METRIC_PREFIX}intensity_answers_total`,
      'Intensity values served (current values and window averages), by source: live, forecast, stored, profile, reference',
      ['source'],
    );
    this.intensityAnswerSeries = Object.fromEntries(
      INTENSITY_SOURCES.map((source) => [source, intensityAnswers.with(source)]),
    ) as Record<IntensitySource, CounterSeries>;
    const views = new FastCounter(
      `${METRIC_PREFIX}views_ingested_total`,
      'Views recorded through POST /consumption',
      [],
    );
    this.viewsIngested = views.with();
    for (const metric of [
      intensityAnswers,
      this.recommendations,
      this.avoidedGrams,
      views,
      this.viewReceiptGrams,
      this.viewReceipts,
      this.upstreamCalls,
      this.upstreamDuration,
    ]) {
      core.register(metric);
    }
    this.registerLazyGauges(core);
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

  /** The receipts of the views one POST /consumption stored (the same figures as /stats sums). */
  recordViewReceipts(receipts: {
    avoidedG: number;
    addedG: number;
    withReceipt: number;
    withoutReceipt: number;
  }): void {
    this.receiptAvoided.value += receipts.avoidedG;
    this.receiptAdded.value += receipts.addedG;
    this.withReceipt.value += receipts.withReceipt;
    this.withoutReceipt.value += receipts.withoutReceipt;
  }

  recordElectricityMapsCall(event: CallEvent): void {
    const labels = { endpoint: event.endpoint, outcome: event.outcome };
    this.upstreamCalls.inc(labels);
    this.upstreamDuration.observe(labels, event.durationMs / 1000);
  }

  /** When the rollup deltas were last folded into the rollups. */
  recordRollupCompaction(at: Date): void {
    this.lastCompactionAt = at;
  }

  /** Sources read at scrape time. */
  setBreakerStateSource(source: () => BreakerState): void {
    this.breakerSource = source;
  }

  setZoneIntensitySource(source: () => Iterable<ZoneIntensityReading>): void {
    this.zoneIntensitySource = source;
  }

  private registerLazyGauges(core: MetricsService): void {
    // Each `collect` runs when Prometheus scrapes: the figures are read where they live.
    const breaker: Gauge<'state'> = new Gauge({
      name: `${METRIC_PREFIX}electricity_maps_circuit_breaker_state`,
      help: 'State of the circuit breaker in front of Electricity Maps: 1 for the current state (closed, half-open, open), 0 for the others',
      labelNames: ['state'] as const,
      registers: [core.registry],
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
      registers: [core.registry],
      collect: () => {
        zoneIntensity.reset();
        for (const reading of this.zoneIntensitySource?.() ?? []) {
          zoneIntensity.set({ zone: reading.zone, source: reading.source }, reading.gCo2ePerKwh);
        }
      },
    });
    const compacted: Gauge = new Gauge({
      name: `${METRIC_PREFIX}rollup_compaction_last_success_timestamp_seconds`,
      help: 'When this instance last folded the rollup deltas of POST /consumption into the rollups (Unix time, seconds); 0 before the first success',
      registers: [core.registry],
      collect: () => {
        compacted.reset();
        if (this.lastCompactionAt) compacted.set(this.lastCompactionAt.getTime() / 1000);
      },
    });
  }
}
