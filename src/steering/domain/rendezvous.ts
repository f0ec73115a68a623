/**
 * Rendezvous (highest-random-weight) hashing: each (key, choice) pair gets a pseudo-random weight
 * and the key goes to the choice with the highest. The same key always lands on the same choice,
 * keys spread evenly over the choices, and removing one choice moves only its own keys. Steering
 * spreads near-tie sessions over the tied origins with it (docs/STEERING.md#the-decision). Pure.
 */

/** 32-bit FNV-1a of a string's UTF-16 code units, then a murmur3 finaliser for avalanche. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The choice (by index) whose weight for `key` is the highest; ties by the lower index. -1 when empty. */
export function rendezvousIndex(key: string, choiceIds: readonly string[]): number {
  let bestIndex = -1;
  let bestWeight = -1;
  for (let index = 0; index < choiceIds.length; index++) {
    const weight = hash32(`${key}\u0000${choiceIds[index]}`);
    if (weight > bestWeight) {
      bestWeight = weight;
      bestIndex = index;
    }
  }
  return bestIndex;
}
