/**
 * Every in-memory cache of the process, by name, so that their sizes can be exported as metrics
 * (`greenstream_cache_entries`, `greenstream_cache_bytes`, docs/OPERATIONS.md#limits). Caches
 * register themselves when built and are held weakly: a cache of an application that was closed
 * (the tests build several) is forgotten once collected. Sizes are summed per name.
 */
export interface MeasuredCache {
  readonly size: number;
  /** Estimated bytes held (keys and values, see each cache's `sizeOf`). */
  readonly bytes: number;
}

const caches = new Map<string, Set<WeakRef<MeasuredCache>>>();

export function registerCache(name: string, cache: MeasuredCache): void {
  let set = caches.get(name);
  if (!set) {
    set = new Set();
    caches.set(name, set);
  }
  set.add(new WeakRef(cache));
}

export interface CacheReading {
  name: string;
  entries: number;
  bytes: number;
}

/** The current size of each named cache (dead ones dropped). */
export function cacheSizes(): CacheReading[] {
  const readings: CacheReading[] = [];
  for (const [name, set] of caches) {
    let entries = 0;
    let bytes = 0;
    for (const ref of set) {
      const cache = ref.deref();
      if (cache === undefined) {
        set.delete(ref);
        continue;
      }
      entries += cache.size;
      bytes += cache.bytes;
    }
    readings.push({ name, entries, bytes });
  }
  return readings;
}

/** Estimated bytes of a string in V8 (two per character, plus the object header). */
export function stringBytes(text: string): number {
  return 2 * text.length + 16;
}
