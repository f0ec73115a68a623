import { stringBytes } from './cache-sizes.js';
import { SecondCache } from './second-cache.js';

/** Bytes of serialised answers kept per route and second at most (docs/OPERATIONS.md#limits). */
export const JSON_ANSWER_CACHE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The serialised answers of one read route for the current second (see SecondCache): identical
 * requests within one second, with the data dependencies unchanged, share one computation and
 * one serialisation.
 */
export class JsonAnswerCache<K, A> {
  private readonly cache: SecondCache<K, string>;

  /**
   * @param maxEntries distinct keys kept per second (RESPONSE_CACHE_ENTRIES); 0 disables the cache.
   * @param name name of the cache in the metrics; at most JSON_ANSWER_CACHE_MAX_BYTES are kept.
   */
  constructor(
    maxEntries: number,
    private readonly serialize: (answer: A) => string,
    name?: string,
  ) {
    this.cache = new SecondCache(maxEntries, {
      maxBytes: JSON_ANSWER_CACHE_MAX_BYTES,
      sizeOf: stringBytes,
      ...(name === undefined ? {} : { name }),
    });
  }

  /**
   * The JSON of the answer for `key`: the one kept in this second under these dependencies, or
   * `compute()` serialised and kept. Synchronous when `compute` is, so that a warm request
   * allocates no promise. Read the dependencies before computing: an answer that waited while
   * they changed is not kept.
   */
  json(
    key: K,
    dependencyA: unknown,
    dependencyB: unknown,
    compute: () => A | Promise<A>,
    nowMs = Date.now(),
  ): string | Promise<string> {
    const cached = this.cache.get(key, nowMs, dependencyA, dependencyB);
    if (cached !== undefined) return cached;
    const keep = (answer: A): string => {
      const json = this.serialize(answer);
      this.cache.set(key, json, nowMs, dependencyA, dependencyB);
      return json;
    };
    const answer = compute();
    return answer instanceof Promise ? answer.then(keep) : keep(answer);
  }
}
