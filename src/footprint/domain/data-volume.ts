/**
 * Data volume of a viewing session, in GB (1 GB = 10^9 bytes, never 2^30), from the duration and
 * either an explicit volume, a bitrate or the resolution's default data rate
 * (docs/FOOTPRINT-MODELS.md#data-rate-per-resolution).
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import {
  DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION,
  RESOLUTIONS,
  type Coefficient,
  type Resolution,
} from './coefficients.js';

export const BYTES_PER_GB = 1e9;
/** A day: longer sessions are almost certainly input errors. */
export const MAX_DURATION_MINUTES = 1440;
export const DEFAULT_RESOLUTION: Resolution = '1080p';

export interface DataVolumeInput {
  durationMinutes: number;
  resolution?: Resolution;
  bitrateMbps?: number;
  dataVolumeGb?: number;
}

export interface DataVolume {
  dataVolumeGb: number;
  /** Which input the volume came from. */
  basis: 'dataVolumeGb' | 'bitrateMbps' | 'resolution';
  /** The default data rate used, when the volume came from the resolution. */
  dataRate?: Coefficient;
}

export function validateDurationMinutes(durationMinutes: number): void {
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) {
    throw InvalidInputError.forField('durationMinutes', 'must be a number greater than 0');
  }
  if (durationMinutes > MAX_DURATION_MINUTES) {
    throw InvalidInputError.forField('durationMinutes', `must be at most ${MAX_DURATION_MINUTES}`);
  }
}

export function isResolution(value: string): value is Resolution {
  return (RESOLUTIONS as readonly string[]).includes(value);
}

/** GB delivered at `bitrateMbps` (10^6 bit/s) for `durationMinutes`: r x 60 s x min / 8 / 1000. */
export function gigabytesFromBitrate(bitrateMbps: number, durationMinutes: number): number {
  return (bitrateMbps * durationMinutes * 60) / 8 / 1000;
}

export function bytesFromGigabytes(dataVolumeGb: number): number {
  return dataVolumeGb * BYTES_PER_GB;
}

export function dataVolume(input: DataVolumeInput): DataVolume {
  validateDurationMinutes(input.durationMinutes);
  const { bitrateMbps, dataVolumeGb } = input;
  if (bitrateMbps !== undefined && dataVolumeGb !== undefined) {
    throw InvalidInputError.forField('dataVolumeGb', 'cannot be given together with bitrateMbps');
  }
  if (dataVolumeGb !== undefined) {
    if (!Number.isFinite(dataVolumeGb) || dataVolumeGb <= 0) {
      throw InvalidInputError.forField('dataVolumeGb', 'must be a number greater than 0');
    }
    return { dataVolumeGb, basis: 'dataVolumeGb' };
  }
  if (bitrateMbps !== undefined) {
    if (!Number.isFinite(bitrateMbps) || bitrateMbps <= 0) {
      throw InvalidInputError.forField('bitrateMbps', 'must be a number greater than 0');
    }
    return { dataVolumeGb: gigabytesFromBitrate(bitrateMbps, input.durationMinutes), basis: 'bitrateMbps' };
  }
  const resolution = input.resolution ?? DEFAULT_RESOLUTION;
  if (!isResolution(resolution)) {
    throw InvalidInputError.forField('resolution', `must be one of ${RESOLUTIONS.join(', ')}`);
  }
  const dataRate = DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION[resolution];
  return { dataVolumeGb: (dataRate.value * input.durationMinutes) / 60, basis: 'resolution', dataRate };
}
