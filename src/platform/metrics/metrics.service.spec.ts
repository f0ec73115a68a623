import { MetricsService } from './metrics.service.js';
import { FastHistogram } from './fast-metrics.js';

/** The value of one sample line of the text format, or undefined when the line is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MetricsService', () => {
  let metrics: MetricsService;

  beforeEach(() => {
    metrics = new MetricsService();
  });

  it('counts recommendations and grams of CO2e avoided by model', async () => {
    metrics.recordRecommendation('1byte', 12.5);
    metrics.recordRecommendation('1byte', 7.25);
    metrics.recordRecommendation('iea', 0);
    // A negative or non-finite saving (the nearest region was the cleanest) adds nothing.
    metrics.recordRecommendation('iea', -3);
    metrics.recordRecommendation('iea', Number.NaN);
    const text = await metrics.metrics();
    expect(sample(text, 'greenstream_recommendations_total{model="1byte"}')).toBe(2);
    expect(sample(text, 'greenstream_recommendations_total{model="iea"}')).toBe(3);
    expect(sample(text, 'greenstream_co2e_avoided_grams_total{model="1byte"}')).toBe(19.75);
    expect(sample(text, 'greenstream_co2e_avoided_grams_total{model="iea"}')).toBe(0);
  });

  it('counts views ingested', async () => {
    expect(sample(await metrics.metrics(), 'greenstream_views_ingested_total')).toBe(0);
    metrics.recordViewsIngested(3);
    metrics.recordViewsIngested(250);
    metrics.recordViewsIngested(0);
    expect(sample(await metrics.metrics(), 'greenstream_views_ingested_total')).toBe(253);
  });

  it('counts intensity answers by source, every source present from the start', async () => {
    metrics.countIntensityAnswer('live');
    metrics.countIntensityAnswer('live');
    metrics.countIntensityAnswer('reference');
    const text = await metrics.metrics();
    expect(sample(text, 'greenstream_intensity_answers_total{source="live"}')).toBe(2);
    expect(sample(text, 'greenstream_intensity_answers_total{source="forecast"}')).toBe(0);
    expect(sample(text, 'greenstream_intensity_answers_total{source="reference"}')).toBe(1);
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
    expect(sample(text, `${series}_bucket{${ok},le="0.001"}`)).toBe(1);
    expect(sample(text, `${series}_bucket{${ok},le="0.005"}`)).toBe(2);
    expect(sample(text, `${series}_bucket{${ok},le="10"}`)).toBe(2);
    expect(sample(text, `${series}_bucket{${ok},le="+Inf"}`)).toBe(3);
    expect(sample(text, `${series}_count{${ok}}`)).toBe(3);
    expect(sample(text, `${series}_sum{${ok}}`)).toBeCloseTo(20.0039, 10);
    expect(sample(text, `${series}_count{route="/intensity/:zone",method="GET",status="404"}`)).toBe(1);
  });

  it('counts Electricity Maps calls by endpoint and outcome, with their duration', async () => {
    metrics.recordElectricityMapsCall({
      endpoint: 'latest',
      zone: 'FR',
      outcome: 'success',
      durationMs: 40,
      attempts: 1,
    });
    metrics.recordElectricityMapsCall({
      endpoint: 'latest',
      zone: 'FR',
      outcome: 'timeout',
      durationMs: 2100,
      attempts: 3,
    });
    metrics.recordElectricityMapsCall({
      endpoint: 'latest',
      zone: 'DE',
      outcome: 'timeout',
      durationMs: 2050,
      attempts: 3,
    });
    const text = await metrics.metrics();
    expect(
      sample(text, 'greenstream_electricity_maps_calls_total{endpoint="latest",outcome="success"}'),
    ).toBe(1);
    expect(
      sample(text, 'greenstream_electricity_maps_calls_total{endpoint="latest",outcome="timeout"}'),
    ).toBe(2);
    expect(
      sample(
        text,
        'greenstream_electricity_maps_call_duration_seconds_bucket{le="0.05",endpoint="latest",outcome="success"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'greenstream_electricity_maps_call_duration_seconds_sum{endpoint="latest",outcome="timeout"}',
      ),
    ).toBeCloseTo(4.15, 10);
  });

  it('reads the breaker state, zone intensities and pool use when scraped', async () => {
    let breaker: 'closed' | 'open' | 'half-open' = 'closed';
    metrics.setBreakerStateSource(() => breaker);
    metrics.setZoneIntensitySource(() => [
      { zone: 'FR', gCo2ePerKwh: 44.2, source: 'live' },
      { zone: 'PL', gCo2ePerKwh: 650, source: 'reference' },
    ]);
    metrics.setDatabasePoolSource(() => ({ total: 4, idle: 1, waiting: 2, max: 10 }));
    let text = await metrics.metrics();
    expect(sample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(1);
    expect(sample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="open"}')).toBe(0);
    expect(sample(text, 'greenstream_zone_carbon_intensity_gco2e_per_kwh{zone="FR",source="live"}')).toBe(
      44.2,
    );
    expect(
      sample(text, 'greenstream_zone_carbon_intensity_gco2e_per_kwh{zone="PL",source="reference"}'),
    ).toBe(650);
    expect(sample(text, 'greenstream_db_pool_connections{state="in_use"}')).toBe(3);
    expect(sample(text, 'greenstream_db_pool_connections{state="waiting"}')).toBe(2);
    expect(sample(text, 'greenstream_db_pool_max_connections')).toBe(10);
    breaker = 'open';
    text = await metrics.metrics();
    expect(sample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(0);
    expect(sample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="open"}')).toBe(1);
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
