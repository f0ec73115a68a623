/** Great-circle distances on the WGS84 mean sphere: pure, for eligibility and latency models. */

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RADIANS_PER_DEGREE = Math.PI / 180;

/** Haversine distance between two points given in decimal degrees, km. */
export function greatCircleKm(
  latitudeA: number,
  longitudeA: number,
  latitudeB: number,
  longitudeB: number,
): number {
  const phiA = latitudeA * RADIANS_PER_DEGREE;
  const phiB = latitudeB * RADIANS_PER_DEGREE;
  const deltaPhi = (latitudeB - latitudeA) * RADIANS_PER_DEGREE;
  const deltaLambda = (longitudeB - longitudeA) * RADIANS_PER_DEGREE;
  const h = Math.sin(deltaPhi / 2) ** 2 + Math.cos(phiA) * Math.cos(phiB) * Math.sin(deltaLambda / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Located {
  latitude: number;
  longitude: number;
}

/** The candidate closest to the point (ties: the first), or undefined when there is none. */
export function nearest<T extends Located>(
  latitude: number,
  longitude: number,
  candidates: readonly T[],
): T | undefined {
  let best: T | undefined;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const km = greatCircleKm(latitude, longitude, candidate.latitude, candidate.longitude);
    if (km < bestKm) {
      best = candidate;
      bestKm = km;
    }
  }
  return best;
}
