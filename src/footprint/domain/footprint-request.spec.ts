import { withChanges, type FootprintRequest } from './footprint-request.js';

const BASELINE: FootprintRequest = {
  durationMinutes: 60,
  bitrateMbps: 5,
  viewerCountry: 'FR',
  viewerZone: 'FR',
  region: 'aws:eu-west-3',
  device: 'tv',
};

describe('withChanges', () => {
  it('lets a new resolution replace the bitrate and the data volume', () => {
    expect(withChanges(BASELINE, { resolution: '720p' })).toEqual({
      durationMinutes: 60,
      resolution: '720p',
      viewerCountry: 'FR',
      viewerZone: 'FR',
      region: 'aws:eu-west-3',
      device: 'tv',
    });
  });

  it('keeps the bitrate when a resolution comes with it', () => {
    expect(withChanges(BASELINE, { resolution: '720p', bitrateMbps: 3 })).toMatchObject({ bitrateMbps: 3 });
  });

  it('lets a data volume replace the bitrate, and a bitrate replace a data volume', () => {
    expect(withChanges(BASELINE, { dataVolumeGb: 2 })).not.toHaveProperty('bitrateMbps');
    expect(
      withChanges({ ...BASELINE, bitrateMbps: undefined, dataVolumeGb: 2 }, { bitrateMbps: 3 }),
    ).not.toHaveProperty('dataVolumeGb');
  });

  it('lets a data-centre zone replace the region and a region the data-centre zone', () => {
    const zoned = withChanges(BASELINE, { dataCentreZone: 'DE' });
    expect(zoned).not.toHaveProperty('region');
    expect(zoned.dataCentreZone).toBe('DE');
    expect(withChanges(zoned, { region: 'aws:eu-central-1' })).not.toHaveProperty('dataCentreZone');
  });

  it('drops the viewer zone when only the viewer country changes', () => {
    expect(withChanges(BASELINE, { viewerCountry: 'DE' })).not.toHaveProperty('viewerZone');
    expect(withChanges(BASELINE, { viewerCountry: 'DE', viewerZone: 'DE' })).toMatchObject({
      viewerZone: 'DE',
    });
  });

  it('ignores changes given as undefined and leaves the baseline untouched', () => {
    const baseline = { ...BASELINE };
    expect(withChanges(baseline, { device: undefined, connection: 'mobile' })).toMatchObject({
      device: 'tv',
      connection: 'mobile',
    });
    expect(baseline).toEqual(BASELINE);
  });
});
