/**
 * A map that keeps at most `maxEntries` keys and forgets the oldest stored first: for values
 * derived from inputs that repeat (viewer positions, rule sets) but whose variety nothing else
 * bounds, so that a client walking through many distinct inputs cannot grow memory without limit.
 * Reading a key does not make it younger: eviction follows the order of storing, which is all the
 * hot paths here need and costs no bookkeeping on a hit.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  /** @param maxEntries keys kept at most; 0 keeps nothing. */
  constructor(private readonly maxEntries: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` under `key`, forgetting the oldest key when full, and returns `value`. */
  set(key: K, value: V): V {
    if (this.maxEntries === 0) return value;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
