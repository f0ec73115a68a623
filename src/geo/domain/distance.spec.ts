import { greatCircleKm, nearest } from './distance.js';

describe('greatCircleKm', () => {
  it.each([
    // Paris (48.8566, 2.3522) – London (51.5074, -0.1278): the commonly quoted 343.5 km.
    [48.8566, 2.3522, 51.5074, -0.1278, 343.56],
    // A quarter of the equator: π/2 × 6371.0088 km.
    [0, 0, 0, 90, 10007.557],
    [10, 20, 10, 20, 0],
    // Antipodes: π × 6371.0088 km.
    [0, 0, 0, 180, 20015.115],
  ])('(%p, %p) → (%p, %p) is %p km', (latA, lonA, latB, lonB, km) => {
    expect(greatCircleKm(latA, lonA, latB, lonB)).toBeCloseTo(km, 1);
  });

  it('is symmetric', () => {
    expect(greatCircleKm(35.68, 139.65, -33.87, 151.21)).toBeCloseTo(
      greatCircleKm(-33.87, 151.21, 35.68, 139.65),
      9,
    );
  });
});

describe('nearest', () => {
  const cities = [
    { name: 'Paris', latitude: 48.8566, longitude: 2.3522 },
    { name: 'Frankfurt', latitude: 50.1109, longitude: 8.6821 },
    { name: 'Madrid', latitude: 40.4168, longitude: -3.7038 },
  ];

  it('picks the closest candidate', () => {
    expect(nearest(46, 2, cities)?.name).toBe('Paris');
    expect(nearest(49.5, 8.5, cities)?.name).toBe('Frankfurt');
    expect(nearest(39, -1, cities)?.name).toBe('Madrid');
  });

  it('answers undefined without candidates', () => {
    expect(nearest(0, 0, [])).toBeUndefined();
  });
});
