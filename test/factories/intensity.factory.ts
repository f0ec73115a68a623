import type { IntensityObservation } from '../../src/intensity/domain/intensity.types.js';
import type { ChainSettings, ZoneIntensityData } from '../../src/intensity/domain/zone-intensity.js';
import type { WindowIntensityValue } from '../../src/intensity/intensity.service.js';

/** The fallback chain's settings in the unit tests of the intensity domain. */
export const CHAIN_SETTINGS: ChainSettings = {
  liveWindowSeconds: 900,
  storedMaxAgeSeconds: 6 * 3600,
  profileDays: 14,
  profileMinDays: 3,
};

/**
 * One value received from Electricity Maps for the hour starting at `datetime` (zone FR unless
 * overridden). A forecast is estimated by nature; a measured value is not, unless said.
 */
export function intensityObservation(
  kind: 'measured' | 'forecast',
  datetime: string | Date,
  gCo2ePerKwh: number,
  fetchedAt: string | Date,
  overrides: Partial<IntensityObservation> = {},
): IntensityObservation {
  return {
    zone: 'FR',
    datetime: new Date(datetime),
    gCo2ePerKwh,
    kind,
    isEstimated: kind === 'forecast',
    fetchedAt: new Date(fetchedAt),
    ...overrides,
  };
}

/** A measured value (from `latest` or `history`). */
export function measuredIntensity(
  datetime: string | Date,
  gCo2ePerKwh: number,
  fetchedAt: string | Date,
  isEstimated = false,
): IntensityObservation {
  return intensityObservation('measured', datetime, gCo2ePerKwh, fetchedAt, { isEstimated });
}

/** A forecast point. */
export function forecastIntensity(
  datetime: string | Date,
  gCo2ePerKwh: number,
  fetchedAt: string | Date,
): IntensityObservation {
  return intensityObservation('forecast', datetime, gCo2ePerKwh, fetchedAt);
}

/** A zone (FR, reference 56 g/kWh) holding these points, indexed by hour as the snapshot does. */
export function zoneData(points: IntensityObservation[], latest?: IntensityObservation): ZoneIntensityData {
  const byHour = (kind: 'measured' | 'forecast'): Map<number, IntensityObservation> =>
    new Map(points.filter((p) => p.kind === kind).map((p) => [p.datetime.getTime(), p]));
  return {
    zone: 'FR',
    measured: byHour('measured'),
    forecast: byHour('forecast'),
    latest,
    reference: { gCo2ePerKwh: 56, level: 'zone', source: 'test' },
  };
}

/** A window average as IntensityService.window answers it, from one forecast value for the whole window. */
export function forecastWindow(
  zone: string,
  from: Date,
  to: Date,
  gCo2ePerKwh: number,
): WindowIntensityValue {
  return {
    zone,
    gCo2ePerKwh,
    source: 'forecast',
    datetime: from.toISOString(),
    isEstimated: false,
    ageSeconds: 0,
    from: from.toISOString(),
    to: to.toISOString(),
    sources: ['forecast'],
  };
}
