import { BoundedCache } from './bounded-cache.js';
import { cacheSizes } from './cache-sizes.js';

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

  it('keeps at most maxBytes estimated bytes, forgetting the oldest, and reports its size', () => {
    const cache = new BoundedCache<string, number>(1000, { maxBytes: 100, sizeOf: (key) => key.length });
    cache.set('a'.repeat(40), 1);
    cache.set('b'.repeat(40), 2);
    expect(cache.bytes).toBe(80);
    cache.set('c'.repeat(40), 3);
    expect(cache.get('a'.repeat(40))).toBeUndefined();
    expect([cache.size, cache.bytes]).toEqual([2, 80]);
    // an entry larger than the whole bound is not kept, and forgets nothing
    cache.set('d'.repeat(101), 4);
    expect(cache.get('d'.repeat(101))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('is listed by name with its entries and bytes', () => {
    const cache = new BoundedCache<string, number>(10, { name: 'test_bounded_cache', sizeOf: () => 10 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cacheSizes().find((reading) => reading.name === 'test_bounded_cache')).toEqual({
      name: 'test_bounded_cache',
      entries: 2,
      bytes: 20,
    });
  });
});
