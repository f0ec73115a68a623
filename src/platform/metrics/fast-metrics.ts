/**
 * Counters and histograms for hot paths, read by a prom-client Registry at scrape time.
 *
 * prom-client's own `observe`/`inc` validate the labels and build a hash string of them on every
 * call, even through a `labels(...)` child. On a request path that costs more than the rest of the
 * metrics work together, so these keep one plain object per label set: the caller looks the series
 * up once (per route, per source, per model) and then only adds numbers. The text format is still
 * prom-client's: each class exposes the `get()` shape its Registry formats.
 */

export type LabelValues = Record<string, string>;

interface MetricValue {
  value: number;
  labels: LabelValues;
  metricName?: string;
}

/** What prom-client's Registry reads from a metric (`get()`), see prom-client/lib/registry.js. */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

export interface CounterSeries {
  readonly labels: LabelValues;
  value: number;
}

export interface HistogramSeries {
  readonly labels: LabelValues;
  /** Observations per bucket (not cumulative); the last slot counts values above every bound. */
  readonly bucketCounts: Float64Array;
  sum: number;
  count: number;
}

function labelsOf(labelNames: readonly string[], values: readonly string[]): LabelValues {
  if (values.length !== labelNames.length) {
    throw new RangeError(`expected ${labelNames.length} label values (${labelNames.join(', ')})`);
  }
  const labels: LabelValues = {};
  labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
  return labels;
}

abstract class FastMetric<S extends { labels: LabelValues }> {
  protected readonly series = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The series of these label values, created on first use. Keep it: looking it up builds a key. */
  with(...values: string[]): S {
    const key = values.join('\u0000');
    let found = this.series.get(key);
    if (!found) {
      found = this.create(labelsOf(this.labelNames, values));
      this.series.set(key, found);
    }
    return found;
  }

  /** Forgets every series (prom-client's Registry.resetMetrics calls this). */
  reset(): void {
    this.series.clear();
  }

  protected abstract create(labels: LabelValues): S;
}

export class FastCounter extends FastMetric<CounterSeries> {
  readonly type = 'counter';

  get(): MetricSnapshot {
    const values = [...this.series.values()].map((series) => ({
      value: series.value,
      labels: series.labels,
    }));
    return { name: this.name, help: this.help, type: 'counter', values, aggregator: 'sum' };
  }

  protected create(labels: LabelValues): CounterSeries {
    return { labels, value: 0 };
  }
}

export class FastHistogram extends FastMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    /** Upper bounds, ascending. */
    readonly upperBounds: readonly number[],
  ) {
    super(name, help, labelNames);
    for (let index = 1; index < upperBounds.length; index += 1) {
      if ((upperBounds[index] ?? 0) <= (upperBounds[index - 1] ?? 0)) {
        throw new RangeError('histogram bounds must be ascending');
      }
    }
  }

  observe(series: HistogramSeries, value: number): void {
    const bounds = this.upperBounds;
    let index = 0;
    while (index < bounds.length && value > (bounds[index] as number)) index += 1;
    series.bucketCounts[index] = (series.bucketCounts[index] as number) + 1;
    series.sum += value;
    series.count += 1;
  }

  get(): MetricSnapshot {
    const values: MetricValue[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, index) => {
        cumulative += series.bucketCounts[index] as number;
        values.push({
          value: cumulative,
          labels: { ...series.labels, le: String(bound) },
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        value: series.count,
        labels: { ...series.labels, le: '+Inf' },
        metricName: `${this.name}_bucket`,
      });
      values.push({ value: series.sum, labels: series.labels, metricName: `${this.name}_sum` });
      values.push({ value: series.count, labels: series.labels, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }

  protected create(labels: LabelValues): HistogramSeries {
    return { labels, bucketCounts: new Float64Array(this.upperBounds.length + 1), sum: 0, count: 0 };
  }
}
