import { viewFootprint } from './view-footprint.js';

describe('viewFootprint', () => {
  it('gives the 1byte acceptance figures, with the serving zone for the data centre and the viewer zone for the rest', () => {
    const footprint = viewFootprint({
      durationMinutes: 60,
      resolution: '1080p',
      device: 'laptop',
      connection: 'wifi',
      model: '1byte',
      dataCentrePue: 1.135,
      dataCentreGCo2ePerKwh: 100,
      viewerGCo2ePerKwh: 31,
    });
    expect(footprint.dataVolumeGb).toBe(3);
    expect(footprint.energyKwh.network).toBeCloseTo(0.456, 12);
    expect(footprint.energyKwh.dataCentre).toBeCloseTo(0.216, 12);
    expect(footprint.energyKwh.device).toBeCloseTo(0.019165, 6);
    expect(footprint.emissionsG.dataCentre).toBeCloseTo(21.6, 10);
    expect(footprint.emissionsG.network).toBeCloseTo(0.456 * 31, 10);
    expect(footprint.emissionsG.total).toBeCloseTo(
      footprint.emissionsG.dataCentre + footprint.emissionsG.network + footprint.emissionsG.device,
      12,
    );
  });

  it('scales with the duration and counts SWD v4 embodied emissions', () => {
    const base = { resolution: '720p', device: 'tv', connection: 'mobile', model: 'swd-v4' } as const;
    const hour = viewFootprint({
      ...base,
      durationMinutes: 60,
      dataCentreGCo2ePerKwh: 50,
      viewerGCo2ePerKwh: 50,
    });
    const half = viewFootprint({
      ...base,
      durationMinutes: 30,
      dataCentreGCo2ePerKwh: 50,
      viewerGCo2ePerKwh: 50,
    });
    expect(half.dataVolumeGb).toBeCloseTo(hour.dataVolumeGb / 2, 12);
    expect(hour.emissionsG.embodied).toBeGreaterThan(0);
  });
});
