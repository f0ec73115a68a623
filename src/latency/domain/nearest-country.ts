/**
 * The country of a viewer known only by coordinates (docs/LATENCY.md#post-latency-samples): the one
 * whose population-weighted centre is nearest. Coarse near borders, which is why a sample should
 * name its country when it knows it. Pure.
 */
import { greatCircleKm } from '../../geo/domain/distance.js';
import { COUNTRY_POPULATION_CENTRES } from '../../geo/domain/population-centres.js';

const CENTRES = Object.entries(COUNTRY_POPULATION_CENTRES);

export function nearestCountryCode(latitude: number, longitude: number): string | undefined {
  let best: string | undefined;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const [code, [lat, lon]] of CENTRES) {
    const km = greatCircleKm(latitude, longitude, lat, lon);
    if (km < bestKm) {
      bestKm = km;
      best = code;
    }
  }
  return best;
}
