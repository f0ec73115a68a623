import { averageIntensity, electricityMaps } from '@tgwf/co2/data';

// Reference data of places (the yearly grid intensity of a zone or a country), kept in geo, below
// regions and intensity, because both read it: the catalogue for a new region's default, intensity
// as the last step of its fallback chain.

/**
 * Last-resort intensities, from data shipped in @tgwf/co2 0.19.0:
 * - Electricity Maps yearly averages per zone (2025, lifecycle, gCO2e/kWh), ODbL 1.0;
 * - Ember yearly averages per country and the world (gCO2e/kWh), for zones Electricity Maps'
 *   yearly file lacks.
 */
export const REFERENCE_YEAR = 2025;
export const REFERENCE_SOURCE = `Electricity Maps yearly average ${REFERENCE_YEAR} (lifecycle), ODbL 1.0, via @tgwf/co2`;
const EMBER_SOURCE = 'Ember yearly average (latest year available), via @tgwf/co2';

/** The yearly average used when nothing better exists, and what it is the average of. */
export interface ReferenceIntensity {
  gCo2ePerKwh: number;
  level: 'zone' | 'country' | 'world';
  source: string;
}

const yearly = electricityMaps[`yearly${REFERENCE_YEAR}`]?.data ?? {};

export function referenceIntensityOfZone(zone: string): number | undefined {
  const value = yearly[zone]?.carbonIntensity?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function knownReferenceZones(): string[] {
  return Object.keys(yearly);
}

/**
 * The zone's yearly average, else its country's (the zone key's first part, e.g. `US` for
 * `US-MIDA-PJM`, from Electricity Maps then Ember), else the world's (Ember).
 */
export function referenceIntensity(
  zone: string,
  alpha3OfCountry: (alpha2: string) => string | undefined,
): ReferenceIntensity {
  const ofZone = referenceIntensityOfZone(zone);
  if (ofZone !== undefined) return { gCo2ePerKwh: ofZone, level: 'zone', source: REFERENCE_SOURCE };
  const country = zone.split('-')[0] ?? zone;
  const ofCountry = referenceIntensityOfZone(country);
  if (ofCountry !== undefined) {
    return { gCo2ePerKwh: ofCountry, level: 'country', source: `${REFERENCE_SOURCE}, country ${country}` };
  }
  const alpha3 = alpha3OfCountry(country);
  const ember = alpha3 ? averageIntensity.data[alpha3] : undefined;
  if (typeof ember === 'number') {
    return { gCo2ePerKwh: ember, level: 'country', source: `${EMBER_SOURCE}, country ${alpha3}` };
  }
  return {
    gCo2ePerKwh: averageIntensity.data.WORLD ?? 472.94,
    level: 'world',
    source: `${EMBER_SOURCE}, world`,
  };
}
