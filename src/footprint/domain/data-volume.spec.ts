import { expectInvalidField } from '../../../test/support/invalid-input.js';
import type { Resolution } from './coefficients.js';
import { bytesFromGigabytes, dataVolume, gigabytesFromBitrate, type DataVolumeInput } from './data-volume.js';

describe('dataVolume', () => {
  it.each<[Resolution, number]>([
    ['240p', 0.3],
    ['360p', 0.45],
    ['480p', 0.7],
    ['720p', 1.5],
    ['1080p', 3.0],
    ['1440p', 4.5],
    ['2160p', 7.0],
  ])('uses the default data rate of %s for an hour: %f GB', (resolution, expectedGb) => {
    const result = dataVolume({ durationMinutes: 60, resolution });
    expect(result.dataVolumeGb).toBeCloseTo(expectedGb, 12);
    expect(result.basis).toBe('resolution');
    expect(result.dataRate?.unit).toBe('GB/h');
  });

  it.each<[string, DataVolumeInput, number, string]>([
    ['defaults to 1080p', { durationMinutes: 30 }, 1.5, 'resolution'],
    [
      'scales the resolution rate with time',
      { durationMinutes: 10, resolution: '480p' },
      0.7 / 6,
      'resolution',
    ],
    ['converts 8 Mbps for an hour', { durationMinutes: 60, bitrateMbps: 8 }, 3.6, 'bitrateMbps'],
    ['converts 1 Mbps for an hour (r x 0.45)', { durationMinutes: 60, bitrateMbps: 1 }, 0.45, 'bitrateMbps'],
    [
      'lets the bitrate override the resolution',
      { durationMinutes: 30, resolution: '2160p', bitrateMbps: 2 },
      0.45,
      'bitrateMbps',
    ],
    ['passes an explicit volume through', { durationMinutes: 10, dataVolumeGb: 0.17 }, 0.17, 'dataVolumeGb'],
    ['accepts the 1440-minute maximum', { durationMinutes: 1440, resolution: '240p' }, 7.2, 'resolution'],
  ])('%s', (_name, input, expectedGb, basis) => {
    const result = dataVolume(input);
    expect(result.dataVolumeGb).toBeCloseTo(expectedGb, 12);
    expect(result.basis).toBe(basis);
  });

  it.each<[string, DataVolumeInput, string]>([
    ['zero duration', { durationMinutes: 0 }, 'durationMinutes'],
    ['negative duration', { durationMinutes: -5 }, 'durationMinutes'],
    ['duration over a day', { durationMinutes: 1441 }, 'durationMinutes'],
    ['NaN duration', { durationMinutes: Number.NaN }, 'durationMinutes'],
    ['bitrate and volume together', { durationMinutes: 10, bitrateMbps: 5, dataVolumeGb: 1 }, 'dataVolumeGb'],
    ['zero volume', { durationMinutes: 10, dataVolumeGb: 0 }, 'dataVolumeGb'],
    ['infinite volume', { durationMinutes: 10, dataVolumeGb: Number.POSITIVE_INFINITY }, 'dataVolumeGb'],
    ['negative bitrate', { durationMinutes: 10, bitrateMbps: -1 }, 'bitrateMbps'],
    ['unknown resolution', { durationMinutes: 10, resolution: '8k' as Resolution }, 'resolution'],
  ])('rejects %s, naming the field', (_name, input, field) => {
    expectInvalidField(() => dataVolume(input), field);
  });
});

describe('unit conversions', () => {
  it('uses 10^9 bytes per GB', () => {
    expect(bytesFromGigabytes(0.17)).toBe(1.7e8);
    expect(bytesFromGigabytes(3)).toBe(3e9);
  });

  it('converts Mbps and minutes to GB', () => {
    expect(gigabytesFromBitrate(6.67, 60)).toBeCloseTo(3.0015, 12);
    expect(gigabytesFromBitrate(10, 1)).toBeCloseTo(0.075, 12);
  });
});
