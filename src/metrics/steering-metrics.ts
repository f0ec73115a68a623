import { Gauge } from 'prom-client';
import type { DecisionLogState, SteeringDecided } from '../steering/steering.events.js';
import { CounterSeries, FastCounter } from '../platform/metrics/fast-metrics.js';
import { METRIC_PREFIX, type MetricsService } from '../platform/metrics/metrics.service.js';

interface DecisionSeries {
  decisions: CounterSeries;
}

interface ServiceSeries {
  avoided: CounterSeries;
  switches: CounterSeries;
  capacitySkips: CounterSeries;
}

/**
 * Steering as Prometheus series (docs/STEERING.md#metrics): decisions by service, origin, reason
 * and channel; grams of CO2e avoided against the nearest eligible origin; session switches;
 * capacity skips; the decision log's queue depth, drops and writes. Fed from steering's events.
 */
export class SteeringMetrics {
  private readonly decisions = new FastCounter(
    `${METRIC_PREFIX}steering_decisions_total`,
    'Steering decisions, by delivery service, chosen origin, reason (cleanest, close-call, sticky, at-capacity, fallback-nearest, unlocated) and channel (video, hls, dash)',
    ['service', 'origin', 'reason', 'channel'],
  );
  private readonly avoided = new FastCounter(
    `${METRIC_PREFIX}steering_co2e_avoided_grams_total`,
    'Grams of CO2e avoided by the chosen origin against the nearest eligible origin (positive savings only), by delivery service',
    ['service'],
  );
  private readonly switches = new FastCounter(
    `${METRIC_PREFIX}steering_session_switches_total`,
    'Sessions moved to another origin, by delivery service',
    ['service'],
  );
  private readonly capacitySkips = new FastCounter(
    `${METRIC_PREFIX}steering_capacity_skips_total`,
    'Better origins skipped because they were at capacity, by delivery service',
    ['service'],
  );
  private readonly dropped = new FastCounter(
    `${METRIC_PREFIX}steering_decision_log_dropped_total`,
    'Decisions not logged: the queue was full, or the database refused the batch',
    [],
  );
  private readonly written = new FastCounter(
    `${METRIC_PREFIX}steering_decision_log_written_total`,
    'Decisions written to the decision log',
    [],
  );
  private readonly decisionSeries = new Map<string, DecisionSeries>();
  private readonly serviceSeries = new Map<string, ServiceSeries>();
  private readonly droppedSeries: CounterSeries;
  private readonly writtenSeries: CounterSeries;
  private logStateSource: (() => DecisionLogState) | undefined;

  constructor(core: MetricsService) {
    this.droppedSeries = this.dropped.with();
    this.writtenSeries = this.written.with();
    for (const metric of [
      this.decisions,
      this.avoided,
      this.switches,
      this.capacitySkips,
      this.dropped,
      this.written,
    ]) {
      core.register(metric);
    }
    const depth: Gauge = new Gauge({
      name: `${METRIC_PREFIX}steering_decision_log_queue_depth`,
      help: 'Decisions waiting in memory to be written to the decision log',
      registers: [core.registry],
      collect: () => {
        const state = this.logStateSource?.();
        if (state) this.recordDecisionLog(state);
        depth.set(state?.depth ?? 0);
      },
    });
  }

  recordDecision(decided: SteeringDecided): void {
    const key = `${decided.serviceId}\u0000${decided.originId}\u0000${decided.reason}\u0000${decided.channel}`;
    let series = this.decisionSeries.get(key);
    if (!series) {
      series = {
        decisions: this.decisions.with(decided.serviceId, decided.originId, decided.reason, decided.channel),
      };
      this.decisionSeries.set(key, series);
    }
    series.decisions.value += 1;
    let service = this.serviceSeries.get(decided.serviceId);
    if (!service) {
      service = {
        avoided: this.avoided.with(decided.serviceId),
        switches: this.switches.with(decided.serviceId),
        capacitySkips: this.capacitySkips.with(decided.serviceId),
      };
      this.serviceSeries.set(decided.serviceId, service);
    }
    if (decided.gramsAvoided !== null && Number.isFinite(decided.gramsAvoided) && decided.gramsAvoided > 0) {
      service.avoided.value += decided.gramsAvoided;
    }
    if (decided.isSwitch) service.switches.value += 1;
    service.capacitySkips.value += decided.capacitySkips;
  }

  /** The log's totals are monotonic: the counters follow them. */
  setDecisionLogSource(source: () => DecisionLogState): void {
    this.logStateSource = source;
  }

  recordDecisionLog(state: DecisionLogState): void {
    this.droppedSeries.value = state.droppedTotal;
    this.writtenSeries.value = state.writtenTotal;
  }
}
