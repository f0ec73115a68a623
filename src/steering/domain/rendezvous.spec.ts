import { hash32, rendezvousIndex } from './rendezvous.js';

describe('rendezvous hashing', () => {
  it('hashes deterministically to unsigned 32-bit integers', () => {
    expect(hash32('session-1\u0000paris')).toBe(hash32('session-1\u0000paris'));
    expect(hash32('')).toBeGreaterThanOrEqual(0);
    expect(hash32('a')).not.toBe(hash32('b'));
    expect(Number.isInteger(hash32('abc')) && hash32('abc') < 2 ** 32).toBe(true);
  });

  it('always sends a key to the same choice, whatever the order of the choices', () => {
    const choices = ['paris', 'frankfurt', 'madrid'];
    for (let key = 0; key < 50; key++) {
      const picked = choices[rendezvousIndex(`s${key}`, choices)];
      expect(
        ['madrid', 'paris', 'frankfurt'][rendezvousIndex(`s${key}`, ['madrid', 'paris', 'frankfurt'])],
      ).toBe(picked);
    }
  });

  it('spreads 30,000 sessions evenly over three tied origins (each within 5 % of a third)', () => {
    const choices = ['paris', 'frankfurt', 'madrid'];
    const counts = [0, 0, 0];
    for (let key = 0; key < 30_000; key++) counts[rendezvousIndex(`session-${key}`, choices)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('moves only the removed choice’s keys when a choice goes', () => {
    const before = ['paris', 'frankfurt', 'madrid'];
    const after = ['paris', 'madrid'];
    for (let key = 0; key < 2000; key++) {
      const was = before[rendezvousIndex(`k${key}`, before)];
      const now = after[rendezvousIndex(`k${key}`, after)];
      if (was !== 'frankfurt') expect(now).toBe(was);
    }
  });

  it('answers -1 without choices', () => {
    expect(rendezvousIndex('k', [])).toBe(-1);
  });
});
