/**
 * Ranking of eligible regions (DESIGN.md "Recommendation" §2-3): by carbon, by cost plus priced
 * carbon, or by a weighted sum of normalised carbon and cost; the Pareto front of carbon against
 * cost; the saving against the nearest region; whether the choice is a close call. Pure.
 */

export type Ranking =
  | { by: 'emissions' }
  /** score = costUsd + emissionsG × price / 10^6 (USD). */
  | { by: 'carbon-price'; usdPerTonne: number }
  /** score = (1 − w) × normalised emissions + w × normalised cost, each min-max over the candidates. */
  | { by: 'cost-weight'; costWeight: number };

export interface Scorable {
  id: string;
  emissionsG: number;
  /** Null when no egress price is known: never ranked on cost (eligibility leaves such regions out). */
  costUsd: number | null;
  estimatedRttMs: number;
  distanceKm: number;
}

export interface Scored<T> {
  item: T;
  score: number;
}

/** Top two within this share of the winner's score (of the 0..1 range for a weighted sum). */
export const CLOSE_CALL_SHARE = 0.05;

const GRAMS_PER_TONNE = 1_000_000;
/** Scores this close (relative) are a tie, so that floating-point noise never beats a shorter RTT. */
const TIE_TOLERANCE = 1e-12;

/** Scores every item (lower is better) and sorts best first; ties by RTT, then distance, then id. */
export function rankCandidates<T extends Scorable>(items: readonly T[], ranking: Ranking): Scored<T>[] {
  const scored = items.map((item) => ({ item, score: 0 }));
  if (ranking.by === 'emissions') {
    for (const entry of scored) entry.score = entry.item.emissionsG;
  } else if (ranking.by === 'carbon-price') {
    const usdPerGram = ranking.usdPerTonne / GRAMS_PER_TONNE;
    for (const entry of scored) {
      const cost = entry.item.costUsd;
      entry.score = cost === null ? Number.POSITIVE_INFINITY : cost + entry.item.emissionsG * usdPerGram;
    }
  } else {
    const emissions = range(items.map((item) => item.emissionsG));
    const costs = range(items.flatMap((item) => (item.costUsd === null ? [] : [item.costUsd])));
    const weight = ranking.costWeight;
    for (const entry of scored) {
      const cost = entry.item.costUsd;
      entry.score =
        cost === null
          ? Number.POSITIVE_INFINITY
          : (1 - weight) * normalise(entry.item.emissionsG, emissions) + weight * normalise(cost, costs);
    }
  }
  return scored.sort(compareScored);
}

function compareScored<T extends Scorable>(a: Scored<T>, b: Scored<T>): number {
  if (a.score !== b.score) {
    // An unpriced region (infinite score) is never a tie with a finite one.
    if (!Number.isFinite(a.score) || !Number.isFinite(b.score)) return a.score < b.score ? -1 : 1;
    const scale = Math.max(Math.abs(a.score), Math.abs(b.score));
    if (Math.abs(a.score - b.score) > TIE_TOLERANCE * scale) return a.score - b.score;
  }
  if (a.item.estimatedRttMs !== b.item.estimatedRttMs) return a.item.estimatedRttMs - b.item.estimatedRttMs;
  if (a.item.distanceKm !== b.item.distanceKm) return a.item.distanceKm - b.item.distanceKm;
  return a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0;
}

function range(values: number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/** (value − min) / (max − min); 0 when every candidate has the same value. */
function normalise(value: number, { min, max }: { min: number; max: number }): number {
  return max > min ? (value - min) / (max - min) : 0;
}

/** True when the runner-up's score is within CLOSE_CALL_SHARE of the winner's. */
export function isCloseCall(ranked: readonly Scored<Scorable>[], ranking: Ranking): boolean {
  const [first, second] = ranked;
  if (!first || !second) return false;
  const gap = second.score - first.score;
  if (ranking.by === 'cost-weight') return gap <= CLOSE_CALL_SHARE;
  return gap <= CLOSE_CALL_SHARE * Math.abs(first.score);
}

/**
 * Ids of the candidates no other candidate beats on both emissions and cost (at least as good on
 * both, better on one), by ascending emissions. Candidates without a price are not on the front.
 */
export function paretoFront(items: readonly Scorable[]): string[] {
  const priced = items
    .filter((item) => item.costUsd !== null)
    .sort(
      (a, b) =>
        a.emissionsG - b.emissionsG ||
        (a.costUsd as number) - (b.costUsd as number) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const front: string[] = [];
  let bestCost = Number.POSITIVE_INFINITY;
  let bestCostEmissions = Number.NaN;
  for (const item of priced) {
    const cost = item.costUsd as number;
    // Cheaper than everything cleaner, or identical to the point that set the cheapest cost.
    if (cost < bestCost) {
      front.push(item.id);
      bestCost = cost;
      bestCostEmissions = item.emissionsG;
    } else if (cost === bestCost && item.emissionsG === bestCostEmissions) {
      front.push(item.id);
    }
  }
  return front;
}

/** The candidate closest to the viewer (ties: lower RTT, then id): what a naive set-up would use. */
export function nearestCandidate<T extends Scorable>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (
      !best ||
      item.distanceKm < best.distanceKm ||
      (item.distanceKm === best.distanceKm &&
        (item.estimatedRttMs < best.estimatedRttMs ||
          (item.estimatedRttMs === best.estimatedRttMs && item.id < best.id)))
    ) {
      best = item;
    }
  }
  return best;
}

export interface Saving {
  versusRegionId: string;
  basis: 'nearest';
  /** Grams avoided by serving from the recommendation instead (negative: it emits more). */
  emissionsG: number;
  /** The same, as a percentage of the nearest region's emissions. */
  percent: number;
}

export function savingVersus(recommended: Scorable, nearest: Scorable): Saving {
  const emissionsG = nearest.emissionsG - recommended.emissionsG;
  return {
    versusRegionId: nearest.id,
    basis: 'nearest',
    emissionsG,
    percent: nearest.emissionsG > 0 ? (emissionsG / nearest.emissionsG) * 100 : 0,
  };
}
