import { Gauge } from 'prom-client';
import type { OriginProbed } from '../origin-health/origin-health.events.js';
import type { OriginHealthSummary } from '../origin-health/origin-health.service.js';
import { CounterSeries, FastCounter } from '../platform/metrics/fast-metrics.js';
import { METRIC_PREFIX, type MetricsService } from '../platform/metrics/metrics.service.js';

/**
 * Origin health as Prometheus series (docs/LATENCY-AND-HEALTH.md#metrics): per origin, its state
 * (1 up, 0 down), last probe round trip and transitions, read at scrape time from the shared state
 * this instance last read; and the probes this instance made (only the leader probes).
 */
export class OriginHealthMetrics {
  private readonly probes = new FastCounter(
    `${METRIC_PREFIX}origin_probes_total`,
    'Health probes this instance made (it is the prober while it holds the leader lock), by service, origin and outcome (ok, failed)',
    ['service', 'origin', 'outcome'],
  );
  private readonly probeSeries = new Map<string, CounterSeries>();

  constructor(core: MetricsService, source: () => OriginHealthSummary) {
    core.register(this.probes);
    const labels = ['service', 'origin'];
    const up: Gauge = new Gauge({
      name: `${METRIC_PREFIX}origin_up`,
      help: 'Origin health as shared by the prober: 1 up, 0 down, by service and origin',
      labelNames: labels,
      registers: [core.registry],
      collect: () => {
        up.reset();
        rtt.reset();
        transitions.reset();
        const summary = source();
        prober.set(summary.isProber ? 1 : 0);
        for (const origin of summary.origins) {
          const at = { service: origin.serviceId, origin: origin.originId };
          up.set(at, origin.status === 'up' ? 1 : 0);
          if (origin.lastRttMs !== null) rtt.set(at, origin.lastRttMs / 1000);
          transitions.set(at, origin.transitions);
        }
      },
    });
    const rtt = new Gauge({
      name: `${METRIC_PREFIX}origin_probe_rtt_seconds`,
      help: 'Round trip of the last successful-or-5xx health probe (time to response headers, new connection), by service and origin, in seconds',
      labelNames: labels,
      registers: [core.registry],
    });
    const transitions = new Gauge({
      name: `${METRIC_PREFIX}origin_health_transitions`,
      help: 'Up-to-down and down-to-up changes of an origin since it was first probed (shared state), by service and origin',
      labelNames: labels,
      registers: [core.registry],
    });
    const prober = new Gauge({
      name: `${METRIC_PREFIX}origin_prober`,
      help: '1 when this instance is the origin prober (holds the leader lock), else 0',
      registers: [core.registry],
    });
  }

  recordProbe(probed: OriginProbed): void {
    const outcome = probed.ok ? 'ok' : 'failed';
    const key = `${probed.serviceId}\u0000${probed.originId}\u0000${outcome}`;
    let series = this.probeSeries.get(key);
    if (!series) {
      series = this.probes.with(probed.serviceId, probed.originId, outcome);
      this.probeSeries.set(key, series);
    }
    series.value += 1;
  }
}
