import { metricSample } from '../../../test/support/prometheus.js';
import { MetricsService } from './metrics.service.js';
import { FastHistogram } from './fast-metrics.js';

describe('MetricsService', () => {
  let metrics: MetricsService;

  beforeEach(() => {
    metrics = new MetricsService();
  });

  it('records request durations in cumulative buckets by route, method and status', async () => {
    const recorder = metrics.routeRecorder('/intensity/:zone', 'GET');
    recorder.observe(200, 0.0009);
    recorder.observe(200, 0.003);
    recorder.observe(200, 20);
    recorder.observe(404, 0.002);
    const text = await metrics.metrics();
    const series = 'greenstream_http_request_duration_seconds';
    const ok = 'route="/intensity/:zone",method="GET",status="200"';
    expect(metricSample(text, `${series}_bucket{${ok},le="0.001"}`)).toBe(1);
    expect(metricSample(text, `${series}_bucket{${ok},le="0.005"}`)).toBe(2);
    expect(metricSample(text, `${series}_bucket{${ok},le="10"}`)).toBe(2);
    expect(metricSample(text, `${series}_bucket{${ok},le="+Inf"}`)).toBe(3);
    expect(metricSample(text, `${series}_count{${ok}}`)).toBe(3);
    expect(metricSample(text, `${series}_sum{${ok}}`)).toBeCloseTo(20.0039, 10);
    expect(metricSample(text, `${series}_count{route="/intensity/:zone",method="GET",status="404"}`)).toBe(1);
  });

  it('exports the process metrics', async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(metrics.metricNames()).toEqual(expect.arrayContaining(['process_resident_memory_bytes']));
  });
});

describe('FastHistogram', () => {
  it('puts a value equal to a bound in that bound and refuses unsorted bounds', async () => {
    const histogram = new FastHistogram('h', 'help', ['a'], [1, 2]);
    const series = histogram.with('x');
    histogram.observe(series, 1);
    histogram.observe(series, 2);
    histogram.observe(series, 2.5);
    expect(Array.from(series.bucketCounts)).toEqual([1, 1, 1]);
    expect(() => new FastHistogram('h', 'help', [], [2, 1])).toThrow(RangeError);
    expect(() => histogram.with()).toThrow(RangeError);
  });
});
