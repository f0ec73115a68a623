import type { IntensityObservation } from '../../src/intensity/domain/intensity.types.js';
import type { ChainSettings, ZoneIntensityData } from '../../src/intensity/domain/zone-intensity.js';

/** Fixtures shared by the unit tests of the intensity domain. */
export const CHAIN_SETTINGS: ChainSettings = {
  liveWindowSeconds: 900,
  storedMaxAgeSeconds: 6 * 3600,
  profileDays: 14,
  profileMinDays: 3,
};

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
