import type { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';

/**
 * Environment of an app linked to the fake Electricity Maps: a background refresh every ~0.7 s,
 * short timeouts and back-offs, an unlimited call budget. Suites adjust it with `overrides`.
 */
export function liveEnv(
  fake: FakeElectricityMaps,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    ELECTRICITY_MAPS_API_URL: fake.baseUrl('v3'),
    ELECTRICITY_MAPS_API_TOKEN: 'fake-token',
    ELECTRICITY_MAPS_TIMEOUT_MS: '300',
    ELECTRICITY_MAPS_CALLS_PER_HOUR: '1000000',
    ELECTRICITY_MAPS_BREAKER_COOLDOWN_SECONDS: '1',
    ELECTRICITY_MAPS_BACKOFF_SECONDS: '1',
    INTENSITY_REFRESH_SECONDS: '2',
    FORECAST_REFRESH_SECONDS: '2',
    LOG_LEVEL: process.env.DEBUG_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}
