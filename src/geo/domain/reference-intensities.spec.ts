import { referenceIntensity, referenceIntensityOfZone } from './reference-intensities.js';

const alpha3 = (code: string) => ({ UA: 'UKR', XK: 'UNK' })[code];

describe('reference intensities', () => {
  it('uses the zone yearly average of Electricity Maps 2025', () => {
    expect(referenceIntensityOfZone('FR')).toBe(31);
    expect(referenceIntensity('US-MIDA-PJM', alpha3)).toMatchObject({ gCo2ePerKwh: 418, level: 'zone' });
  });

  it("falls back to the country's yearly average for an unknown sub-zone", () => {
    expect(referenceIntensity('FR-COR-XX', alpha3)).toMatchObject({ gCo2ePerKwh: 31, level: 'country' });
  });

  it("falls back to Ember's country average, then the world's", () => {
    const ukraine = referenceIntensity('UA', alpha3);
    expect(ukraine.level).toBe('country');
    expect(ukraine.source).toContain('UKR');
    expect(referenceIntensity('QQ', alpha3)).toMatchObject({ gCo2ePerKwh: 472.94, level: 'world' });
  });
});
