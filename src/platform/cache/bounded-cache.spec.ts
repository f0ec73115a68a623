import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('answers what was stored and returns the stored value from set', () => {
    const cache = new BoundedCache<string, number>(3);
    expect(cache.set('FR', 1)).toBe(1);
    expect(cache.get('FR')).toBe(1);
    expect(cache.get('DE')).toBeUndefined();
  });

  it('keeps at most maxEntries keys and forgets the oldest stored first', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    expect(cache.get('c')).toBe(3);
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('c'), cache.get('d')]).toEqual([3, 4]);
  });

  it('does not make a key younger when it is read', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
  });

  it('replaces the value of a key already stored without forgetting another', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('b', 20);
    expect(cache.size).toBe(2);
    expect([cache.get('a'), cache.get('b')]).toEqual([1, 20]);
  });

  it('keeps nothing when maxEntries is 0', () => {
    const cache = new BoundedCache<string, number>(0);
    expect(cache.set('a', 1)).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
