/** Pieces every footprint model uses: input checks, device power, PUE rule, assumption records. */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import { CONNECTIONS, DEVICES, type Coefficient, type Device } from './coefficients.js';
import { validateDurationMinutes } from './data-volume.js';
import type { Assumption, EnergyBySegment, FootprintModelInput } from './model-types.js';

export const MINUTES_PER_HOUR = 60;
export const WATTS_PER_KILOWATT = 1000;

/** Applies the PUE only when the model's figure excludes facility overheads; records the choice. */
export function dataCentreEnergyKwh(
  baseKwh: number,
  includesFacilityOverhead: boolean,
  dataCentrePue: number | undefined,
  assumptions: Assumption[],
): number {
  if (includesFacilityOverhead) {
    if (dataCentrePue !== undefined) {
      assumptions.push({
        name: 'dataCentrePue',
        value: dataCentrePue,
        unit: 'ratio',
        source: 'provider PUE, not applied: the model data-centre figure already includes facility overheads',
      });
    }
    return baseKwh;
  }
  const pue = dataCentrePue ?? 1;
  assumptions.push({
    name: 'dataCentrePue',
    value: pue,
    unit: 'ratio',
    source:
      dataCentrePue === undefined
        ? 'no provider PUE given: 1 used, IT energy only'
        : 'provider PUE, applied: the model data-centre figure is IT energy only',
  });
  return baseKwh * pue;
}

export function validateModelInput(input: FootprintModelInput): void {
  validateDurationMinutes(input.durationMinutes);
  if (!Number.isFinite(input.dataVolumeGb) || input.dataVolumeGb < 0) {
    throw InvalidInputError.forField('dataVolumeGb', 'must be a number >= 0');
  }
  if (!(DEVICES as readonly string[]).includes(input.device)) {
    throw InvalidInputError.forField('device', `must be one of ${DEVICES.join(', ')}`);
  }
  if (!(CONNECTIONS as readonly string[]).includes(input.connection)) {
    throw InvalidInputError.forField('connection', `must be one of ${CONNECTIONS.join(', ')}`);
  }
  if (
    input.dataCentrePue !== undefined &&
    (!Number.isFinite(input.dataCentrePue) || input.dataCentrePue < 1)
  ) {
    throw InvalidInputError.forField('dataCentrePue', 'must be a number >= 1');
  }
  for (const field of ['deviceWatts', 'peripheralWatts'] as const) {
    const value = input[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw InvalidInputError.forField(field, 'must be a number >= 0');
    }
  }
}

export function pickDeviceWatts(
  input: FootprintModelInput,
  table: Partial<Record<Device, Coefficient>>,
  fallback: Partial<Record<Device, Coefficient>>,
): { assumption: Assumption; isFallback: boolean } {
  if (input.deviceWatts !== undefined) {
    return {
      assumption: {
        name: 'deviceWatts',
        value: input.deviceWatts,
        unit: 'W',
        source: `caller-supplied ${input.device} power`,
      },
      isFallback: false,
    };
  }
  const own = table[input.device];
  if (own) return { assumption: fromCoefficient(own), isFallback: false };
  const borrowed = fallback[input.device];
  if (!borrowed) {
    // Unreachable while every table covers DEVICES; guards a device added without its figures.
    throw InvalidInputError.forField('device', `has no power figure for ${input.device}`);
  }
  return { assumption: fromCoefficient(borrowed), isFallback: true };
}

export function describeFallback(assumption: Assumption): string {
  const origin = assumption.source.includes('Carbon Trust') ? "Carbon Trust's" : "GreenStream's assumed";
  return `${origin} ${assumption.value} W`;
}

export function noteIgnoredPeripheral(input: FootprintModelInput, modelName: string, notes: string[]): void {
  if (input.peripheralWatts !== undefined) {
    notes.push(`peripheralWatts ignored: ${modelName} has no set-top box or console term`);
  }
}

export function fromCoefficient(coefficient: Coefficient): Assumption {
  return { ...coefficient };
}

export function absentSegment(segment: string, reason: string): Assumption {
  return { name: `${segment}Kwh`, value: 0, unit: 'kWh', source: `segment not modelled: ${reason}` };
}

export function segments(
  dataCentre: number,
  network: number,
  device: number,
  embodied: number,
): EnergyBySegment {
  return { dataCentre, network, device, embodied, total: dataCentre + network + device + embodied };
}
