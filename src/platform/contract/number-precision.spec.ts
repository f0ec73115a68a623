import { holdsPrecision, PRECISION_BY_UNIT, rounderOf, unitOfName } from './number-precision.js';

describe('rounderOf', () => {
  it('keeps significant digits of tiny and ordinary figures, and whole numbers from 10^digits on', () => {
    const round = rounderOf({ significant: 4 });
    expect(round(0.21599999999999997)).toBe(0.216);
    expect(round(0.00021345678)).toBe(0.0002135);
    expect(round(2.3456e-30)).toBe(2.346e-30);
    expect(round(12.34567)).toBe(12.35);
    expect(round(1234.567)).toBe(1235);
    expect(round(123456.7)).toBe(123457);
    expect(round(0)).toBe(0);
    expect(round(-0.00021345678)).toBe(-0.0002135);
  });

  it('rounds to decimals, half away from zero, without -0', () => {
    const round = rounderOf({ decimals: 2 });
    expect(round(-89.97601918465227)).toBe(-89.98);
    expect(round(0.125)).toBe(0.13);
    expect(round(-0.125)).toBe(-0.13);
    expect(Object.is(round(-0.001), 0)).toBe(true);
    expect(rounderOf({ decimals: 6 })(0.20249999999999999)).toBe(0.2025);
    expect(rounderOf({ decimals: 3 })(634.2801166666667)).toBe(634.28);
    expect(rounderOf({ decimals: 0 })(311.6)).toBe(312);
  });

  it('is idempotent, and holdsPrecision says whether a figure is already rounded', () => {
    for (const rule of Object.values(PRECISION_BY_UNIT)) {
      for (const value of [0.21599999999999997, 634.2801166666667, -89.97601918465227, 1e-7, 98765.4321]) {
        const once = rounderOf(rule)(value);
        expect(rounderOf(rule)(once)).toBe(once);
        expect(holdsPrecision(once, rule)).toBe(true);
      }
    }
    expect(holdsPrecision(0.21599999999999997, PRECISION_BY_UNIT.g)).toBe(false);
    expect(holdsPrecision(0.216, PRECISION_BY_UNIT.g)).toBe(true);
  });
});

describe('unitOfName', () => {
  it.each([
    ['emissionsG', 'g'],
    ['baselineEmissionsG', 'g'],
    ['yearlyDeltaKg', 'kg'],
    ['dataCentreEnergyKwh', 'kWh'],
    ['gCo2ePerKwh', 'gCO2e/kWh'],
    ['referenceIntensityGPerKwh', 'gCO2e/kWh'],
    ['dataVolumeGb', 'GB'],
    ['costUsd', 'USD'],
    ['egressUsdPerGb', 'USD'],
    ['carbonPriceUsdPerTonne', 'USD'],
    ['durationMinutes', 'minutes'],
    ['deltaPercent', 'percent'],
    ['percent', 'percent'],
    ['distanceKm', 'km'],
    ['estimatedRttMs', 'ms'],
    ['ageSeconds', 'seconds'],
    ['throughputBps', 'bit/s'],
    ['latitude', 'degrees'],
  ])('reads %s as %s', (name, unit) => {
    expect(unitOfName(name)).toBe(unit);
  });

  it.each(['score', 'pue', 'value', 'total', 'TTL', 'usage', 'hoursViewed'])(
    'says nothing for %s',
    (name) => {
      expect(unitOfName(name)).toBeUndefined();
    },
  );
});
