import { SecondCache } from './second-cache.js';

describe('SecondCache', () => {
  const depA = { name: 'catalogue v1' };

  it('answers a key stored in the same second under the same dependencies', () => {
    const cache = new SecondCache<string, string>(10);
    expect(cache.get('FR', 5_000, 1, depA)).toBeUndefined();
    cache.set('FR', '{"zone":"FR"}', 5_100, 1, depA);
    expect(cache.get('FR', 5_999, 1, depA)).toBe('{"zone":"FR"}');
    expect(cache.get('DE', 5_999, 1, depA)).toBeUndefined();
  });

  it('forgets everything when the second ends', () => {
    const cache = new SecondCache<string, string>(10);
    cache.get('FR', 5_000, 1, depA);
    cache.set('FR', 'a', 5_000, 1, depA);
    expect(cache.get('FR', 6_000, 1, depA)).toBeUndefined();
    expect(cache.size).toBe(0);
    // and does not come back in the following second either
    expect(cache.get('FR', 6_500, 1, depA)).toBeUndefined();
  });

  it('forgets everything when a dependency changes (by identity)', () => {
    const cache = new SecondCache<string, string>(10);
    cache.get('FR', 5_000, 1, depA);
    cache.set('FR', 'a', 5_000, 1, depA);
    expect(cache.get('FR', 5_001, 2, depA)).toBeUndefined();
    cache.set('FR', 'b', 5_001, 2, depA);
    expect(cache.get('FR', 5_002, 2, { name: 'catalogue v1' })).toBeUndefined();
  });

  it('does not keep an answer computed under an older generation', () => {
    const cache = new SecondCache<string, string>(10);
    cache.get('FR', 5_000, 1, depA);
    // another request saw new data while this one was computing
    cache.get('DE', 5_010, 2, depA);
    cache.set('FR', 'computed from version 1', 5_000, 1, depA);
    expect(cache.get('FR', 5_020, 2, depA)).toBeUndefined();
    // nor an answer computed in a second that has ended
    cache.set('FR', 'from the previous second', 4_999, 2, depA);
    expect(cache.get('FR', 5_030, 2, depA)).toBeUndefined();
  });

  it('keeps at most maxEntries keys per second, and nothing when 0', () => {
    const cache = new SecondCache<string, string>(2);
    cache.get('a', 1_000, 1, depA);
    for (const key of ['a', 'b', 'c']) cache.set(key, key, 1_000, 1, depA);
    expect(cache.size).toBe(2);
    expect(cache.get('c', 1_000, 1, depA)).toBeUndefined();
    const off = new SecondCache<string, string>(0);
    off.get('a', 1_000, 1, depA);
    off.set('a', 'a', 1_000, 1, depA);
    expect(off.get('a', 1_000, 1, depA)).toBeUndefined();
  });

  it('uses object keys by identity (the validation pipe shares one frozen query per query string)', () => {
    const cache = new SecondCache<object, string>(10);
    const query = Object.freeze({ durationMinutes: 60 });
    cache.get(query, 1_000, 1, depA);
    cache.set(query, 'answer', 1_000, 1, depA);
    expect(cache.get(query, 1_001, 1, depA)).toBe('answer');
    expect(cache.get({ durationMinutes: 60 }, 1_002, 1, depA)).toBeUndefined();
  });

  it('works with one dependency (the second left out)', () => {
    const cache = new SecondCache<string, string>(10);
    cache.get('1h', 1_000, 7);
    cache.set('1h', 'averages', 1_000, 7);
    expect(cache.get('1h', 1_500, 7)).toBe('averages');
    expect(cache.get('1h', 1_600, 8)).toBeUndefined();
  });
});
