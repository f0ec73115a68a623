import { electricityMaps } from '@tgwf/co2/data';

/**
 * Yearly average carbon intensity per Electricity Maps zone (calendar year 2025, lifecycle basis,
 * gCO2e/kWh), as republished in @tgwf/co2 0.19.0. Electricity Maps data, ODbL 1.0.
 */
export const REFERENCE_YEAR = 2025;
export const REFERENCE_SOURCE = `Electricity Maps yearly average ${REFERENCE_YEAR} (lifecycle), ODbL 1.0, via @tgwf/co2`;

const yearly = electricityMaps[`yearly${REFERENCE_YEAR}`]?.data ?? {};

export function referenceIntensityOfZone(zone: string): number | undefined {
  const value = yearly[zone]?.carbonIntensity?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function knownReferenceZones(): string[] {
  return Object.keys(yearly);
}
