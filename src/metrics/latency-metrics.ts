import { Counter, Gauge } from 'prom-client';
import type { LatencyService } from '../latency/latency.service.js';
import { METRIC_PREFIX, type MetricsService } from '../platform/metrics/metrics.service.js';

/**
 * Measured latency as Prometheus series (docs/LATENCY.md): samples this instance stored, by where
 * they came from; and, read at scrape time from the matrix in force, the (viewer country, region)
 * pairs ranked by measurement per source, the age of this instance's last read and the player
 * reports dropped (queue full).
 */
export class LatencyMetrics {
  private readonly samples: Counter;

  constructor(core: MetricsService, latency: LatencyService) {
    this.samples = new Counter({
      name: `${METRIC_PREFIX}latency_samples_total`,
      help: 'Latency samples this instance stored into the shared aggregates, by source (api: POST /latency-samples, player-report: _HLS/_DASH_throughput)',
      labelNames: ['source'],
      registers: [core.registry],
    });
    const pairs: Gauge = new Gauge({
      name: `${METRIC_PREFIX}latency_measured_pairs`,
      help: '(viewer country, region) pairs whose round trip comes from measurements now, by source (measured: real users, probe)',
      labelNames: ['source'],
      registers: [core.registry],
      collect: () => {
        const matrix = latency.matrix();
        const counts = { measured: 0, probe: 0 };
        for (const regions of matrix.byCountry.values()) {
          for (const measured of regions.values()) counts[measured.source]++;
        }
        pairs.set({ source: 'measured' }, counts.measured);
        pairs.set({ source: 'probe' }, counts.probe);
        age.set(matrix.builtAtMs === 0 ? -1 : (Date.now() - matrix.builtAtMs) / 1000);
        dropped.set(latency.droppedThroughputReports);
      },
    });
    const age = new Gauge({
      name: `${METRIC_PREFIX}latency_matrix_age_seconds`,
      help: 'Time since this instance last read the shared latency aggregates, in seconds; -1 before the first read',
      registers: [core.registry],
    });
    const dropped = new Gauge({
      name: `${METRIC_PREFIX}latency_reports_dropped`,
      help: "Players' throughput reports dropped by this instance since it started (queue full between two refreshes)",
      registers: [core.registry],
    });
  }

  recordSamples(samples: number, source: string): void {
    this.samples.inc({ source }, samples);
  }
}
