import { chooseOrigin, type OriginOption } from './choose-origin.js';

const RULES = { switchThreshold: 0.1, closeCallShare: 0.02 };

function option(id: string, emissionsG: number | null, distanceKm: number, isDown = false): OriginOption {
  return {
    id,
    isEligible: emissionsG !== null,
    emissionsG,
    score: emissionsG,
    distanceKm,
    isAtCapacity: false,
    isDown,
  };
}

describe('chooseOrigin with origin health', () => {
  it('skips a down origin even when it is the cleanest', () => {
    const choice = chooseOrigin([option('a', 1, 500, true), option('b', 2, 100)], undefined, 's', RULES);
    expect(choice).toMatchObject({ index: 1, reason: 'cleanest' });
  });

  it('moves a session off its origin when it goes down, whatever the saving', () => {
    const choice = chooseOrigin([option('b', 2, 100), option('a', 2, 50, true)], 'a', 's', RULES);
    expect(choice).toMatchObject({ index: 0, switchedFrom: 'a' });
  });

  it('falls back to the nearest origin that is up when none is eligible', () => {
    const choice = chooseOrigin(
      [option('near', null, 10, true), option('mid', null, 20), option('far', null, 30)],
      undefined,
      's',
      RULES,
    );
    expect(choice).toMatchObject({ index: 1, reason: 'fallback-nearest' });
  });

  it('fails open to the nearest origin, saying so, when every origin is down', () => {
    const choice = chooseOrigin(
      [option('far', 1, 30, true), option('near', 2, 10, true)],
      undefined,
      's',
      RULES,
    );
    expect(choice).toMatchObject({ index: 1, reason: 'all-origins-down' });
  });
});
