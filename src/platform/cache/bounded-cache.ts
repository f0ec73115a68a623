import { registerCache, stringBytes, type MeasuredCache } from './cache-sizes.js';

export interface BoundedCacheOptions<K, V> {
  /** Estimated bytes of one entry; default: the key's string length, plus 64 for the value. */
  sizeOf?: (key: K, value: V) => number;
  /** Estimated bytes kept at most (oldest forgotten first); default: no bound beyond maxEntries. */
  maxBytes?: number;
  /** Name under which the cache's size is exported (greenstream_cache_entries{cache=…}). */
  name?: string;
}

const ENTRY_OVERHEAD_BYTES = 64;

function defaultSizeOf(key: unknown): number {
  return (typeof key === 'string' ? stringBytes(key) : 16) + ENTRY_OVERHEAD_BYTES;
}

/**
 * A map that keeps at most `maxEntries` keys, and at most `maxBytes` estimated bytes, and forgets
 * the oldest stored first: for values derived from inputs that repeat (viewer positions, rule
 * sets) but whose variety nothing else bounds, so that a client walking through many distinct
 * (or long) inputs cannot grow memory without limit. Reading a key does not make it younger:
 * eviction follows the order of storing, which is all the hot paths here need and costs no
 * bookkeeping on a hit. An entry larger than the whole byte bound is not kept.
 */
export class BoundedCache<K, V> implements MeasuredCache {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private heldBytes = 0;
  private readonly sizeOf: (key: K, value: V) => number;
  private readonly maxBytes: number;

  /** @param maxEntries keys kept at most; 0 keeps nothing. */
  constructor(
    private readonly maxEntries: number,
    options: BoundedCacheOptions<K, V> = {},
  ) {
    this.sizeOf = options.sizeOf ?? defaultSizeOf;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (options.name !== undefined) registerCache(options.name, this);
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores `value` under `key`, forgetting the oldest keys when full, and returns `value`. */
  set(key: K, value: V): V {
    if (this.maxEntries === 0) return value;
    const bytes = this.sizeOf(key, value);
    if (bytes > this.maxBytes) return value;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.heldBytes -= previous.bytes;
    }
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.maxEntries || this.heldBytes + bytes > this.maxBytes)
    ) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, { bytes: number }];
      this.entries.delete(oldestKey);
      this.heldBytes -= oldest.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.heldBytes;
  }
}
