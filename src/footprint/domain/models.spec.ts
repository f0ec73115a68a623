import { expectInvalidField } from '../../../test/support/invalid-input.js';
import { co2 } from '@tgwf/co2';
import { IEA_2020, type Connection, type Device, type FootprintModel } from './coefficients.js';
import { bytesFromGigabytes, dataVolume } from './data-volume.js';
import { dataCentreEnergyKwh } from './model-parts.js';
import type { Assumption, EnergyBySegment, FootprintModelInput } from './model-types.js';
import { emissionsGrams, estimateFootprint, segmentEmissions } from './models.js';
import { carbonTrustEnergy } from './models/carbon-trust.js';
import { ieaEnergy } from './models/iea.js';
import { oneByteEnergy } from './models/one-byte.js';
import { swdV4Energy } from './models/swd-v4.js';

const DIGITS = 12;

function input(overrides: Partial<FootprintModelInput> = {}): FootprintModelInput {
  return { durationMinutes: 60, dataVolumeGb: 3, device: 'laptop', connection: 'wifi', ...overrides };
}

function expectEnergy(actual: EnergyBySegment, expected: Omit<EnergyBySegment, 'total'>): void {
  expect(actual.dataCentre).toBeCloseTo(expected.dataCentre, DIGITS);
  expect(actual.network).toBeCloseTo(expected.network, DIGITS);
  expect(actual.device).toBeCloseTo(expected.device, DIGITS);
  expect(actual.embodied).toBeCloseTo(expected.embodied, DIGITS);
  const total = expected.dataCentre + expected.network + expected.device + expected.embodied;
  expect(actual.total).toBeCloseTo(total, DIGITS);
}

function assumption(assumptions: Assumption[], name: string): Assumption | undefined {
  return assumptions.find((entry) => entry.name === name);
}

function expectRelative(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

const LAPTOP_1BYTE_KWH_PER_HOUR = 56 / 2922; // 56 kWh/yr over 8 h x 365.25 d
const SMARTPHONE_1BYTE_KWH_PER_HOUR = 5.9 / 913.125; // 5.9 kWh/yr over 2.5 h x 365.25 d
const IEA_SMARTPHONE_KWH_PER_HOUR = 55.44 / 73.55 / 1000;

describe('oneByteEnergy', () => {
  it("reproduces the spreadsheet's own row: 10 min, 170 MB, laptop, Wi-Fi = 0.04127415925 kWh", () => {
    const result = oneByteEnergy(input({ durationMinutes: 10, dataVolumeGb: 0.17 }));
    expect(result.energyKwh.total).toBeCloseTo(0.04127415925, 11);
    expectEnergy(result.energyKwh, {
      dataCentre: 0.01224,
      network: 0.02584,
      device: 0.00319415925165,
      embodied: 0,
    });
  });

  it.each<[string, Partial<FootprintModelInput>, Omit<EnergyBySegment, 'total'>]>([
    [
      '60 min 1080p laptop Wi-Fi',
      { dataVolumeGb: dataVolume({ durationMinutes: 60, resolution: '1080p' }).dataVolumeGb },
      { dataCentre: 0.216, network: 0.456, device: LAPTOP_1BYTE_KWH_PER_HOUR, embodied: 0 },
    ],
    [
      'fixed wired',
      { connection: 'fixed-wired' },
      { dataCentre: 0.216, network: 1.287, device: LAPTOP_1BYTE_KWH_PER_HOUR, embodied: 0 },
    ],
    [
      'mobile smartphone, 30 min of 1 GB',
      { durationMinutes: 30, dataVolumeGb: 1, device: 'smartphone', connection: 'mobile' },
      { dataCentre: 0.072, network: 0.884, device: SMARTPHONE_1BYTE_KWH_PER_HOUR / 2, embodied: 0 },
    ],
    [
      'a caller-supplied device power',
      { deviceWatts: 12.6 },
      { dataCentre: 0.216, network: 0.456, device: 0.0126, embodied: 0 },
    ],
  ])('%s', (_name, overrides, expected) => {
    expectEnergy(oneByteEnergy(input(overrides)).energyKwh, expected);
  });

  it('gives the laptop 0.0191650 kWh per hour (19.165 W)', () => {
    expect(oneByteEnergy(input()).energyKwh.device).toBeCloseTo(0.019165, 7);
  });

  it.each<[Device, number, string]>([
    ['tv', 0.1, "1byte has no tv figure: Carbon Trust's 100 W used"],
    ['desktop', 0.115, "1byte has no desktop figure: Carbon Trust's 115 W used"],
    ['tablet', 0.005, "1byte has no tablet figure: GreenStream's assumed 5 W used"],
  ])('borrows a %s figure and flags the result as 1byte-extended', (device, deviceKwh, note) => {
    const result = oneByteEnergy(input({ device }));
    expect(result.energyKwh.device).toBeCloseTo(deviceKwh, DIGITS);
    expect(result.notes).toContain(note);
    expect(result.flags).toEqual(['1byte-extended']);
  });

  it('does not flag devices the sheet has', () => {
    expect(oneByteEnergy(input({ device: 'smartphone' })).flags).toEqual([]);
  });

  it('records but does not apply the provider PUE (the sheet figure includes overheads)', () => {
    const result = oneByteEnergy(input({ dataCentrePue: 1.15 }));
    expect(result.energyKwh.dataCentre).toBeCloseTo(0.216, DIGITS);
    const pue = assumption(result.assumptions, 'dataCentrePue');
    expect(pue?.value).toBe(1.15);
    expect(pue?.source).toMatch(/not applied/);
  });

  it('lists each coefficient used and the missing embodied segment', () => {
    const result = oneByteEnergy(input());
    expect(result.assumptions.map((entry) => [entry.name, entry.value, entry.unit])).toEqual([
      ['dataCentreKwhPerGb', 0.072, 'kWh/GB'],
      ['networkKwhPerGbWifi', 0.152, 'kWh/GB'],
      ['deviceWattsLaptop', 56000 / 2922, 'W'],
      ['embodiedKwh', 0, 'kWh'],
    ]);
    expect(result.assumptions.slice(0, 3).every((entry) => entry.confidence === 'P')).toBe(true);
  });
});

describe('carbonTrustEnergy', () => {
  it('reproduces the European hour (3 GB/h, 86 W screens + 10 W peripherals): 191.8 Wh', () => {
    const result = carbonTrustEnergy(input({ deviceWatts: 86, peripheralWatts: 10 }));
    expect(result.breakdownKwh.dataCentre).toBeCloseTo(0.0013, DIGITS);
    expect(result.breakdownKwh.coreAndAccess).toBeCloseTo(0.0195, DIGITS);
    expect(result.breakdownKwh.homeRouter).toBeCloseTo(0.075, DIGITS);
    expect(result.breakdownKwh.screen).toBeCloseTo(0.086, DIGITS);
    expect(result.breakdownKwh.peripheral).toBeCloseTo(0.01, DIGITS);
    expectEnergy(result.energyKwh, { dataCentre: 0.0013, network: 0.0945, device: 0.096, embodied: 0 });
    expect(result.energyKwh.total).toBeCloseTo(0.1918, DIGITS);
  });

  it.each<[string, Partial<FootprintModelInput>, Omit<EnergyBySegment, 'total'>]>([
    [
      'laptop on Wi-Fi, 1 h of 3 GB (0.118 kWh)',
      {},
      { dataCentre: 0.0013, network: 0.0945, device: 0.022, embodied: 0 },
    ],
    [
      'TV on fixed wired',
      { device: 'tv', connection: 'fixed-wired' },
      { dataCentre: 0.0013, network: 0.0945, device: 0.1, embodied: 0 },
    ],
    [
      'smartphone on mobile: no home router',
      { device: 'smartphone', connection: 'mobile' },
      { dataCentre: 0.0013, network: 0.3, device: 0.0011, embodied: 0 },
    ],
    [
      'desktop, 30 min of SD (0.35 GB)',
      { device: 'desktop', durationMinutes: 30, dataVolumeGb: 0.35 },
      { dataCentre: 0.00065, network: 0.011025, device: 0.0575, embodied: 0 },
    ],
  ])('%s', (_name, overrides, expected) => {
    expectEnergy(carbonTrustEnergy(input(overrides)).energyKwh, expected);
  });

  it('uses the 5 W tablet fallback and flags it', () => {
    const result = carbonTrustEnergy(input({ device: 'tablet' }));
    expect(result.energyKwh.device).toBeCloseTo(0.005, DIGITS);
    expect(result.flags).toEqual(['carbon-trust-extended']);
    expect(result.notes).toContain("Carbon Trust has no tablet figure: GreenStream's assumed 5 W used");
  });

  it('lists the zero home router on mobile and the zero peripheral by default', () => {
    const result = carbonTrustEnergy(input({ connection: 'mobile' }));
    expect(assumption(result.assumptions, 'homeRouterKwhPerGb')?.value).toBe(0);
    expect(assumption(result.assumptions, 'peripheralWatts')?.value).toBe(0);
    expect(assumption(result.assumptions, 'embodiedKwh')?.value).toBe(0);
  });
});

describe('ieaEnergy', () => {
  it("gives the IEA's published central figure on request: 0.077 kWh per hour whatever the device", () => {
    for (const device of ['tv', 'smartphone'] as const) {
      const result = ieaEnergy(
        input({ device, durationMinutes: 90, ieaFigure: 'central', deviceWatts: 300 }),
      );
      expect(result.energyKwh.total).toBeCloseTo(0.077 * 1.5, 12);
      expect(result.flags).toEqual(['iea-central']);
      expect(result.assumptions.map((assumption) => assumption.name)).toContain('kwhPerHour');
    }
  });

  const mix: [Device, number][] = [
    ['tv', 0.7],
    ['laptop', 0.15],
    ['tablet', 0.1],
    ['smartphone', 0.05],
  ];

  it("gives the IEA's 0.077 kWh per hour for its average device mix", () => {
    const weightedTotal = mix.reduce(
      (sum, [device, share]) => sum + share * ieaEnergy(input({ device })).energyKwh.total,
      0,
    );
    expect(weightedTotal).toBeCloseTo(0.077, DIGITS);
  });

  it('gives 0.077 kWh per hour with the average 55.44 W device, split 5 / 23 / 72 %', () => {
    const result = ieaEnergy(input({ deviceWatts: IEA_2020.averageDeviceWatts.value }));
    expectEnergy(result.energyKwh, { dataCentre: 0.00385, network: 0.01771, device: 0.05544, embodied: 0 });
    expect(result.energyKwh.total).toBeCloseTo(0.077, DIGITS);
  });

  it.each<[Device, number, number]>([
    ['smartphone', IEA_SMARTPHONE_KWH_PER_HOUR, 0.754],
    ['tablet', 5 * IEA_SMARTPHONE_KWH_PER_HOUR, 3.77],
    ['laptop', 20 * IEA_SMARTPHONE_KWH_PER_HOUR, 15.08],
    ['tv', 100 * IEA_SMARTPHONE_KWH_PER_HOUR, 75.4],
  ])(
    'scales the %s from the smartphone: %f kWh per hour (reference: %f W)',
    (device, deviceKwh, referenceWatts) => {
      const result = ieaEnergy(input({ device }));
      expectEnergy(result.energyKwh, {
        dataCentre: 0.00385,
        network: 0.01771,
        device: deviceKwh,
        embodied: 0,
      });
      expect(Math.abs(deviceKwh * 1000 - referenceWatts) / referenceWatts).toBeLessThan(0.001);
    },
  );

  it('ignores connection and data volume', () => {
    const base = ieaEnergy(input()).energyKwh;
    expect(ieaEnergy(input({ connection: 'mobile', dataVolumeGb: 7 })).energyKwh).toEqual(base);
  });

  it('borrows the Carbon Trust desktop and flags it', () => {
    const result = ieaEnergy(input({ device: 'desktop', durationMinutes: 30 }));
    expectEnergy(result.energyKwh, { dataCentre: 0.001925, network: 0.008855, device: 0.0575, embodied: 0 });
    expect(result.flags).toEqual(['iea-extended']);
    expect(result.notes).toContain("IEA has no desktop figure: Carbon Trust's 115 W used");
  });
});

describe('swdV4Energy', () => {
  it('uses 0.300 kWh/GB: 0.194 operational + 0.106 embodied', () => {
    const result = swdV4Energy(input({ dataVolumeGb: 1 }));
    expectEnergy(result.energyKwh, { dataCentre: 0.055, network: 0.059, device: 0.08, embodied: 0.106 });
    expect(result.energyKwh.total).toBeCloseTo(0.3, DIGITS);
    expect(result.breakdownKwh).toEqual({
      dataCentreOperational: 0.055,
      networkOperational: 0.059,
      deviceOperational: 0.08,
      dataCentreEmbodied: 0.012,
      networkEmbodied: 0.013,
      deviceEmbodied: 0.081,
    });
  });

  it('gives 0.900 kWh (0.582 operational) for 1 h of 3 GB, whatever the device and connection', () => {
    const laptop = swdV4Energy(input()).energyKwh;
    expect(laptop.total).toBeCloseTo(0.9, DIGITS);
    expect(laptop.dataCentre + laptop.network + laptop.device).toBeCloseTo(0.582, DIGITS);
    expect(swdV4Energy(input({ device: 'tv', connection: 'mobile', durationMinutes: 5 })).energyKwh).toEqual(
      laptop,
    );
  });

  it('records but does not apply the provider PUE', () => {
    const result = swdV4Energy(input({ dataVolumeGb: 1, dataCentrePue: 1.4 }));
    expect(result.energyKwh.dataCentre).toBeCloseTo(0.055, DIGITS);
    expect(assumption(result.assumptions, 'dataCentrePue')?.source).toMatch(/not applied/);
  });
});

describe('SWD v4 against @tgwf/co2 0.19.0 (oracle)', () => {
  interface SegmentResult {
    dataCenterOperationalCO2e: number;
    networkOperationalCO2e: number;
    consumerDeviceOperationalCO2e: number;
    totalEmbodiedCO2e: number;
    total: number;
  }

  it.each<[number, number, number]>([
    [3, 494, 494],
    [3, 44.18, 342.06],
    [0.17, 614.98, 35.89],
    [7.25, 0, 1000],
  ])('matches co2.js segments for %f GB, DC %f g/kWh, viewer %f g/kWh', (gb, dataCentre, viewer) => {
    const oracle = new co2({ model: 'swd', version: 4, results: 'segment' });
    const trace = oracle.perByteTrace(bytesFromGigabytes(gb), false, {
      gridIntensity: { dataCenter: dataCentre, network: viewer, device: viewer },
    }) as { co2: SegmentResult };
    const ours = segmentEmissions(
      swdV4Energy(input({ dataVolumeGb: gb })).energyKwh,
      { dataCentre, viewer },
      'swd-v4',
    );
    if (dataCentre > 0) expectRelative(ours.dataCentre, trace.co2.dataCenterOperationalCO2e);
    else expect(ours.dataCentre).toBe(0);
    expectRelative(ours.network, trace.co2.networkOperationalCO2e);
    expectRelative(ours.device, trace.co2.consumerDeviceOperationalCO2e);
    expectRelative(ours.embodied, trace.co2.totalEmbodiedCO2e);
    expectRelative(ours.total, trace.co2.total);
  });

  it('matches co2.js perByte with its default global intensity', () => {
    const ours = segmentEmissions(swdV4Energy(input()).energyKwh, { dataCentre: 494, viewer: 494 }, 'swd-v4');
    expectRelative(ours.total, new co2({ model: 'swd', version: 4 }).perByte(3e9));
  });
});

describe('segmentEmissions and emissionsGrams', () => {
  it('puts the data centre at the serving zone and network and device at the viewer', () => {
    const energy = oneByteEnergy(input()).energyKwh;
    const result = segmentEmissions(energy, { dataCentre: 50, viewer: 300 }, '1byte');
    expect(result.dataCentre).toBeCloseTo(10.8, DIGITS);
    expect(result.network).toBeCloseTo(136.8, DIGITS);
    expect(result.device).toBeCloseTo(300 * LAPTOP_1BYTE_KWH_PER_HOUR, DIGITS);
    expect(result.embodied).toBe(0);
    expect(result.total).toBeCloseTo(10.8 + 136.8 + 300 * LAPTOP_1BYTE_KWH_PER_HOUR, DIGITS);
  });

  it('gives SWD v4 embodied energy the fixed 494 g/kWh, whatever the zones', () => {
    const energy = swdV4Energy(input({ dataVolumeGb: 1 })).energyKwh;
    const result = segmentEmissions(energy, { dataCentre: 0, viewer: 0 }, 'swd-v4');
    expect(result.embodied).toBeCloseTo(0.106 * 494, DIGITS);
    expect(result.total).toBeCloseTo(52.364, DIGITS);
  });

  it('rejects embodied energy for a model without that segment', () => {
    const energy = { dataCentre: 0, network: 0, device: 0, embodied: 1, total: 1 };
    expectInvalidField(() => segmentEmissions(energy, { dataCentre: 1, viewer: 1 }, 'iea'), 'embodied');
  });

  it.each<[number, number, string]>([
    [-1, 100, 'energyKwh'],
    [1, -100, 'gramsPerKwh'],
    [Number.NaN, 100, 'energyKwh'],
  ])('rejects emissionsGrams(%f, %f)', (energyKwh, gramsPerKwh, field) => {
    expectInvalidField(() => emissionsGrams(energyKwh, gramsPerKwh), field);
  });

  it('multiplies energy by intensity', () => {
    expect(emissionsGrams(0.188, 292.6)).toBeCloseTo(55.0088, DIGITS);
  });
});

describe('dataCentreEnergyKwh', () => {
  it('applies the PUE to an IT-only figure and says so', () => {
    const assumptions: Assumption[] = [];
    expect(dataCentreEnergyKwh(0.2, false, 1.5, assumptions)).toBeCloseTo(0.3, DIGITS);
    expect(assumptions[0]?.source).toMatch(/applied/);
  });

  it('uses 1 for an IT-only figure when no PUE is given', () => {
    const assumptions: Assumption[] = [];
    expect(dataCentreEnergyKwh(0.2, false, undefined, assumptions)).toBe(0.2);
    expect(assumptions[0]?.value).toBe(1);
  });

  it('leaves a figure that includes overheads unchanged and records nothing without a PUE', () => {
    const assumptions: Assumption[] = [];
    expect(dataCentreEnergyKwh(0.2, true, undefined, assumptions)).toBe(0.2);
    expect(assumptions).toEqual([]);
  });
});

describe('estimateFootprint input validation', () => {
  const models: FootprintModel[] = ['1byte', 'carbon-trust', 'iea', 'swd-v4'];

  it.each(models)('dispatches %s', (model) => {
    expect(estimateFootprint(model, input()).model).toBe(model);
  });

  it.each<[string, Partial<FootprintModelInput>, string]>([
    ['zero duration', { durationMinutes: 0 }, 'durationMinutes'],
    ['duration over a day', { durationMinutes: 1441 }, 'durationMinutes'],
    ['negative data volume', { dataVolumeGb: -1 }, 'dataVolumeGb'],
    ['unknown device', { device: 'watch' as Device }, 'device'],
    ['unknown connection', { connection: '5g' as Connection }, 'connection'],
    ['PUE below 1', { dataCentrePue: 0.9 }, 'dataCentrePue'],
    ['negative device power', { deviceWatts: -1 }, 'deviceWatts'],
    ['infinite peripheral power', { peripheralWatts: Number.POSITIVE_INFINITY }, 'peripheralWatts'],
  ])('rejects %s in every model', (_name, overrides, field) => {
    for (const model of models) {
      expectInvalidField(() => estimateFootprint(model, input(overrides)), field);
    }
  });

  it('rejects an unknown model', () => {
    expectInvalidField(() => estimateFootprint('co2js' as FootprintModel, input()), 'model');
  });
});
