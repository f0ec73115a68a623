import { registerCache, type MeasuredCache } from './cache-sizes.js';

/**
 * Answers of a read route, kept for the rest of the current second while the data they were
 * computed from is unchanged.
 *
 * GreenStream's read answers are pure functions of the request, the in-memory data (intensity
 * snapshot, catalogue) and the clock. Identical requests within one second (a popular title
 * starting for many viewers of one country, a dashboard polling a zone) would compute and
 * serialise the same bytes again; this keeps those bytes. Everything is dropped when the second
 * ends or when either of the two data dependencies changes (compared by identity), so an answer
 * is never older than the data it was built from and at most one second older than the clock.
 * Values that depend on one piece of data only leave the second dependency out.
 */
export class SecondCache<K, V> implements MeasuredCache {
  private entries = new Map<K, V>();
  private heldBytes = 0;
  private second = Number.NaN;
  private dependencyA: unknown = undefined;
  private dependencyB: unknown = undefined;

  /**
   * @param maxEntries distinct keys kept per second; 0 disables the cache.
   * @param options.maxBytes estimated bytes kept per second at most (`sizeOf` each value);
   *   past it, answers are computed but not kept until the second ends.
   * @param options.name name of the cache in the metrics (greenstream_cache_bytes{cache=…}).
   */
  constructor(
    private readonly maxEntries: number,
    private readonly options: { maxBytes?: number; sizeOf?: (value: V) => number; name?: string } = {},
  ) {
    if (options.name !== undefined) registerCache(options.name, this);
  }

  /**
   * The answer stored for `key` in this second under these dependencies, if any. Starts a new
   * generation (empty) when the second or a dependency has changed.
   */
  get(key: K, nowMs: number, dependencyA: unknown, dependencyB: unknown = undefined): V | undefined {
    if (this.maxEntries === 0) return undefined;
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second || dependencyA !== this.dependencyA || dependencyB !== this.dependencyB) {
      if (this.entries.size > 0) this.entries = new Map();
      this.heldBytes = 0;
      this.second = second;
      this.dependencyA = dependencyA;
      this.dependencyB = dependencyB;
      return undefined;
    }
    return this.entries.get(key);
  }

  /**
   * Keeps an answer computed at `nowMs` from these dependencies; ignored when the generation has
   * moved on since (the computation waited on an upstream call, say) or the cache is full.
   */
  set(key: K, value: V, nowMs: number, dependencyA: unknown, dependencyB: unknown = undefined): void {
    if (
      this.entries.size >= this.maxEntries ||
      Math.floor(nowMs / 1000) !== this.second ||
      dependencyA !== this.dependencyA ||
      dependencyB !== this.dependencyB
    ) {
      return;
    }
    const bytes = this.options.sizeOf?.(value) ?? 0;
    if (this.heldBytes + bytes > (this.options.maxBytes ?? Number.POSITIVE_INFINITY)) return;
    if (!this.entries.has(key)) this.heldBytes += bytes;
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held in this second (0 without `sizeOf`). */
  get bytes(): number {
    return this.heldBytes;
  }
}
