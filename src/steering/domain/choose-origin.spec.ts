import { chooseOrigin, nearestIndex, type OriginOption } from './choose-origin.js';

const RULES = { switchThreshold: 0.1, closeCallShare: 0.05 };

function option(id: string, emissionsG: number | null, extra: Partial<OriginOption> = {}): OriginOption {
  return {
    id,
    isEligible: emissionsG !== null,
    emissionsG,
    score: emissionsG,
    distanceKm: 100,
    isAtCapacity: false,
    ...extra,
  };
}

describe('chooseOrigin', () => {
  it('takes the cleanest eligible origin for a new session', () => {
    const choice = chooseOrigin(
      [option('madrid', 5), option('paris', 10), option('frankfurt', 30)],
      undefined,
      's',
      RULES,
    );
    expect(choice).toEqual({
      index: 0,
      reason: 'cleanest',
      switchedFrom: null,
      capacitySkips: [],
      tiedWith: [],
    });
  });

  it('keeps a session where it is while moving saves less than the threshold (9.9 %)', () => {
    const options = [option('paris', 9.01), option('madrid', 10)];
    expect(chooseOrigin(options, 'madrid', 's', RULES)).toMatchObject({
      index: 1,
      reason: 'sticky',
      switchedFrom: null,
    });
  });

  it('moves a session once the saving reaches the threshold (exactly 10 %)', () => {
    const options = [option('paris', 9), option('madrid', 10)];
    expect(chooseOrigin(options, 'madrid', 's', RULES)).toMatchObject({
      index: 0,
      reason: 'cleanest',
      switchedFrom: 'madrid',
    });
  });

  it('moves a session whose origin is no longer eligible, whatever the saving', () => {
    const options = [option('paris', 10), option('madrid', null)];
    expect(chooseOrigin(options, 'madrid', 's', RULES)).toMatchObject({ index: 0, switchedFrom: 'madrid' });
  });

  it('skips full origins with the reason at-capacity, but keeps a session already on one', () => {
    const options = [
      option('madrid', 5, { isAtCapacity: true }),
      option('paris', 10),
      option('frankfurt', 30),
    ];
    expect(chooseOrigin(options, undefined, 's', RULES)).toMatchObject({
      index: 1,
      reason: 'at-capacity',
      capacitySkips: ['madrid'],
    });
    expect(chooseOrigin(options, 'madrid', 's', RULES)).toMatchObject({
      index: 0,
      reason: 'cleanest',
      switchedFrom: null,
    });
  });

  it('spreads near-ties (within 5 %) by session, and says close-call', () => {
    const options = [option('paris', 10), option('madrid', 10.4), option('frankfurt', 30)];
    const picked = new Set<number>();
    for (let session = 0; session < 200; session++) {
      const choice = chooseOrigin(options, undefined, `s${session}`, RULES);
      expect(choice.reason).toBe('close-call');
      expect(choice.tiedWith).toHaveLength(1);
      picked.add(choice.index);
    }
    expect([...picked].sort()).toEqual([0, 1]);
  });

  it('does not call a 6 % gap a tie', () => {
    expect(chooseOrigin([option('paris', 10), option('madrid', 10.6)], undefined, 's', RULES).reason).toBe(
      'cleanest',
    );
  });

  it('fails open to the nearest origin when none is eligible or all are full', () => {
    const none = [option('paris', null, { distanceKm: 900 }), option('madrid', null, { distanceKm: 300 })];
    expect(chooseOrigin(none, undefined, 's', RULES)).toMatchObject({ index: 1, reason: 'fallback-nearest' });
    const full = [
      option('paris', 5, { isAtCapacity: true, distanceKm: 50 }),
      option('madrid', 6, { isAtCapacity: true, distanceKm: 10 }),
    ];
    expect(chooseOrigin(full, 'other', 's', RULES)).toMatchObject({
      index: 1,
      reason: 'fallback-nearest',
      switchedFrom: 'other',
      capacitySkips: ['paris', 'madrid'],
    });
  });

  it('finds the nearest option, ties by id', () => {
    expect(
      nearestIndex([
        { id: 'b', distanceKm: 5 },
        { id: 'a', distanceKm: 5 },
        { id: 'c', distanceKm: 6 },
      ]),
    ).toBe(1);
    expect(nearestIndex([])).toBe(-1);
  });
});
