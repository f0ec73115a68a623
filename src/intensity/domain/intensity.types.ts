/**
 * Shared vocabulary of the intensity feature: plain types, no Nest or TypeORM.
 * Intensities are in gCO2e/kWh (lifecycle basis, as Electricity Maps serves them by default).
 */

/** Where a value came from, best first (docs/ELECTRICITY-MAPS.md#the-fallback-chain). */
export type IntensitySource = 'live' | 'forecast' | 'stored' | 'profile' | 'reference';

export const INTENSITY_SOURCES: readonly IntensitySource[] = [
  'live',
  'forecast',
  'stored',
  'profile',
  'reference',
];

/** A value as the API answers it (docs/ELECTRICITY-MAPS.md#what-every-intensity-value-carries). */
export interface IntensityValue {
  zone: string;
  gCo2ePerKwh: number;
  source: IntensitySource;
  /** Start of the hour the value is for (ISO 8601 UTC); for `reference`, the instant asked. */
  datetime: string;
  isEstimated: boolean;
  /** Seconds between the value's hour (or fetch, for live/forecast) and the instant asked; >= 0. */
  ageSeconds: number;
}

/** One hourly point received from Electricity Maps, as stored in intensity_observations. */
export interface IntensityObservation {
  zone: string;
  /** Start of the hour (UTC). */
  datetime: Date;
  gCo2ePerKwh: number;
  kind: 'measured' | 'forecast';
  isEstimated: boolean;
  /** When GreenStream received it. */
  fetchedAt: Date;
}

/** Defined with the yearly reference data it describes (geo), part of this vocabulary too. */
export type { ReferenceIntensity } from '../../geo/domain/reference-intensities.js';
