import { JsonAnswerCache } from './json-answer-cache.js';

interface Answer {
  zone: string;
  computation: number;
}

/** A cache whose answers count the computations made so far. */
function countingCache(maxEntries = 10) {
  const cache = new JsonAnswerCache<string, Answer>(maxEntries, (answer) => JSON.stringify(answer));
  let computations = 0;
  const compute = (zone: string) => (): Answer => ({ zone, computation: ++computations });
  return { cache, compute, computations: () => computations };
}

describe('JsonAnswerCache', () => {
  it('computes and serialises once per key within one second under the same dependencies', () => {
    const { cache, compute, computations } = countingCache();
    expect(cache.json('FR', 1, undefined, compute('FR'), 5_000)).toBe('{"zone":"FR","computation":1}');
    expect(cache.json('FR', 1, undefined, compute('FR'), 5_999)).toBe('{"zone":"FR","computation":1}');
    expect(cache.json('DE', 1, undefined, compute('DE'), 5_999)).toBe('{"zone":"DE","computation":2}');
    expect(computations()).toBe(2);
  });

  it('computes again in the next second or when a dependency changes', () => {
    const { cache, compute } = countingCache();
    cache.json('FR', 1, undefined, compute('FR'), 5_000);
    expect(cache.json('FR', 1, undefined, compute('FR'), 6_000)).toBe('{"zone":"FR","computation":2}');
    expect(cache.json('FR', 2, undefined, compute('FR'), 6_001)).toBe('{"zone":"FR","computation":3}');
    expect(cache.json('FR', 2, 'catalogue', compute('FR'), 6_002)).toBe('{"zone":"FR","computation":4}');
  });

  it('keeps an answer computed asynchronously, unless the dependencies changed while it waited', async () => {
    const { cache, compute } = countingCache();
    await expect(cache.json('FR', 1, undefined, async () => compute('FR')(), 5_000)).resolves.toBe(
      '{"zone":"FR","computation":1}',
    );
    expect(cache.json('FR', 1, undefined, compute('FR'), 5_001)).toBe('{"zone":"FR","computation":1}');

    let release: () => void = () => undefined;
    const waiting = cache.json(
      'DE',
      1,
      undefined,
      () => new Promise<Answer>((resolve) => (release = () => resolve(compute('DE')()))),
      5_002,
    );
    // Meanwhile another request sees new data (computation 2).
    cache.json('FR', 2, undefined, compute('FR'), 5_003);
    release();
    await expect(waiting).resolves.toBe('{"zone":"DE","computation":3}');
    expect(cache.json('DE', 2, undefined, compute('DE'), 5_004)).toBe('{"zone":"DE","computation":4}');
  });

  it('keeps nothing with 0 entries, and nothing when the computation throws', () => {
    const off = countingCache(0);
    off.cache.json('FR', 1, undefined, off.compute('FR'), 5_000);
    expect(off.cache.json('FR', 1, undefined, off.compute('FR'), 5_000)).toBe(
      '{"zone":"FR","computation":2}',
    );
    const { cache, compute } = countingCache();
    expect(() =>
      cache.json(
        'XX',
        1,
        undefined,
        () => {
          throw new Error('Unknown zone');
        },
        5_000,
      ),
    ).toThrow('Unknown zone');
    expect(cache.json('XX', 1, undefined, compute('XX'), 5_000)).toBe('{"zone":"XX","computation":1}');
  });
});
