import { metricSample } from '../../test/support/prometheus.js';
import { MetricsService } from '../platform/metrics/metrics.service.js';
import { FeatureMetrics } from './feature-metrics.js';

describe('FeatureMetrics', () => {
  let core: MetricsService;
  let metrics: FeatureMetrics;

  beforeEach(() => {
    core = new MetricsService();
    metrics = new FeatureMetrics(core);
  });

  it('counts recommendations and grams of CO2e avoided by model', async () => {
    metrics.recordRecommendation('1byte', 12.5);
    metrics.recordRecommendation('1byte', 7.25);
    metrics.recordRecommendation('iea', 0);
    // A negative or non-finite saving (the nearest region was the cleanest) adds nothing.
    metrics.recordRecommendation('iea', -3);
    metrics.recordRecommendation('iea', Number.NaN);
    const text = await core.metrics();
    expect(metricSample(text, 'greenstream_recommendations_total{model="1byte"}')).toBe(2);
    expect(metricSample(text, 'greenstream_recommendations_total{model="iea"}')).toBe(3);
    expect(metricSample(text, 'greenstream_co2e_avoided_grams_total{model="1byte"}')).toBe(19.75);
    expect(metricSample(text, 'greenstream_co2e_avoided_grams_total{model="iea"}')).toBe(0);
  });

  it('counts views ingested', async () => {
    expect(metricSample(await core.metrics(), 'greenstream_views_ingested_total')).toBe(0);
    metrics.recordViewsIngested(3);
    metrics.recordViewsIngested(250);
    metrics.recordViewsIngested(0);
    expect(metricSample(await core.metrics(), 'greenstream_views_ingested_total')).toBe(253);
  });

  it('counts the carbon receipts of recorded views, grams by direction and views with or without', async () => {
    metrics.recordViewReceipts({ avoidedG: 12.5, addedG: 0, withReceipt: 3, withoutReceipt: 1 });
    metrics.recordViewReceipts({ avoidedG: 0.25, addedG: 4, withReceipt: 2, withoutReceipt: 0 });
    const text = await core.metrics();
    expect(metricSample(text, 'greenstream_views_co2e_receipt_grams_total{direction="avoided"}')).toBe(12.75);
    expect(metricSample(text, 'greenstream_views_co2e_receipt_grams_total{direction="added"}')).toBe(4);
    expect(metricSample(text, 'greenstream_views_receipts_total{receipt="with"}')).toBe(5);
    expect(metricSample(text, 'greenstream_views_receipts_total{receipt="none"}')).toBe(1);
  });

  it('counts intensity answers by source, every source present from the start', async () => {
    metrics.countIntensityAnswer('live');
    metrics.countIntensityAnswer('live');
    metrics.countIntensityAnswer('reference');
    const text = await core.metrics();
    expect(metricSample(text, 'greenstream_intensity_answers_total{source="live"}')).toBe(2);
    expect(metricSample(text, 'greenstream_intensity_answers_total{source="forecast"}')).toBe(0);
    expect(metricSample(text, 'greenstream_intensity_answers_total{source="reference"}')).toBe(1);
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
    const text = await core.metrics();
    expect(
      metricSample(text, 'greenstream_electricity_maps_calls_total{endpoint="latest",outcome="success"}'),
    ).toBe(1);
    expect(
      metricSample(text, 'greenstream_electricity_maps_calls_total{endpoint="latest",outcome="timeout"}'),
    ).toBe(2);
    expect(
      metricSample(
        text,
        'greenstream_electricity_maps_call_duration_seconds_bucket{le="0.05",endpoint="latest",outcome="success"}',
      ),
    ).toBe(1);
    expect(
      metricSample(
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
    core.setDatabasePoolSource(() => ({ total: 4, idle: 1, waiting: 2, max: 10 }));
    let text = await core.metrics();
    expect(metricSample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(1);
    expect(metricSample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="open"}')).toBe(0);
    expect(
      metricSample(text, 'greenstream_zone_carbon_intensity_gco2e_per_kwh{zone="FR",source="live"}'),
    ).toBe(44.2);
    expect(
      metricSample(text, 'greenstream_zone_carbon_intensity_gco2e_per_kwh{zone="PL",source="reference"}'),
    ).toBe(650);
    expect(metricSample(text, 'greenstream_db_pool_connections{state="in_use"}')).toBe(3);
    expect(metricSample(text, 'greenstream_db_pool_connections{state="waiting"}')).toBe(2);
    expect(metricSample(text, 'greenstream_db_pool_max_connections')).toBe(10);
    breaker = 'open';
    text = await core.metrics();
    expect(metricSample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="closed"}')).toBe(0);
    expect(metricSample(text, 'greenstream_electricity_maps_circuit_breaker_state{state="open"}')).toBe(1);
  });
});
