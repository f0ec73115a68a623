/**
 * Ranking of eligible regions (docs/RECOMMENDATION.md#scoring): by carbon, by cost plus priced
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
  /** Power usage effectiveness: the first tie-breaker (a lower PUE wastes less energy). */
  pue?: number;
  /** Set by rankCandidates: lower is better. */
  score: number;
}

/** Top two within this share of the winner's score (of the 0..1 range for a weighted sum). */
export const CLOSE_CALL_SHARE = 0.05;

const GRAMS_PER_TONNE = 1_000_000;
/** Scores this close (relative) are a tie, so that floating-point noise never beats a shorter RTT. */
export const TIE_TOLERANCE = 1e-12;

/**
 * Scores every item (sets `score`, lower is better) and returns the best `count` (default: all),
 * best first; ties by PUE, then RTT, then distance, then id. Items are scored in place and only the best
 * few are kept in order: this runs on every request, over up to the whole catalogue.
 */
export function rankCandidates<T extends Scorable>(
  items: readonly T[],
  ranking: Ranking,
  count = items.length,
): T[] {
  if (ranking.by === 'emissions') {
    for (const item of items) item.score = item.emissionsG;
  } else if (ranking.by === 'carbon-price') {
    const usdPerGram = ranking.usdPerTonne / GRAMS_PER_TONNE;
    for (const item of items) {
      item.score =
        item.costUsd === null ? Number.POSITIVE_INFINITY : item.costUsd + item.emissionsG * usdPerGram;
    }
  } else {
    const emissions = range(items, (item) => item.emissionsG);
    const costs = range(items, (item) => item.costUsd);
    const weight = ranking.costWeight;
    for (const item of items) {
      item.score =
        item.costUsd === null
          ? Number.POSITIVE_INFINITY
          : (1 - weight) * normalise(item.emissionsG, emissions) + weight * normalise(item.costUsd, costs);
    }
  }
  if (count >= items.length) return [...items].sort(compareScored);
  // Insertion into a short sorted list: about one comparison per item once the list is full.
  const best: T[] = [];
  for (const item of items) {
    if (best.length === count && compareScored(item, best[count - 1]) >= 0) continue;
    let position = best.length;
    while (position > 0 && compareScored(item, best[position - 1]) < 0) position--;
    best.splice(position, 0, item);
    if (best.length > count) best.pop();
  }
  return best;
}

function compareScored(a: Scorable, b: Scorable): number {
  if (a.score !== b.score) {
    const gap = a.score - b.score;
    const scale = Math.max(Math.abs(a.score), Math.abs(b.score));
    // An unpriced region (infinite score) is never a tie with a finite one.
    if (scale === Number.POSITIVE_INFINITY || Math.abs(gap) > TIE_TOLERANCE * scale) return gap;
  }
  const pueA = a.pue ?? 1;
  const pueB = b.pue ?? 1;
  if (pueA !== pueB) return pueA - pueB;
  if (a.estimatedRttMs !== b.estimatedRttMs) return a.estimatedRttMs - b.estimatedRttMs;
  if (a.distanceKm !== b.distanceKm) return a.distanceKm - b.distanceKm;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function range<T>(items: readonly T[], valueOf: (item: T) => number | null): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const value = valueOf(item);
    if (value === null) continue;
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
export function isCloseCall(ranked: readonly Scorable[], ranking: Ranking): boolean {
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
  // Prices take a handful of values: group by price, then walk the groups from the cheapest. A
  // group's cleanest points are on the front when cleaner than everything cheaper; the rest of the
  // group is beaten by them (same price, more emissions). Linear in the items, no sort of them.
  const byCost = new Map<number, Scorable[]>();
  for (const item of items) {
    if (item.costUsd === null) continue;
    const group = byCost.get(item.costUsd);
    if (group) group.push(item);
    else byCost.set(item.costUsd, [item]);
  }
  const steps: string[][] = [];
  let cleanestCheaper = Number.POSITIVE_INFINITY;
  for (const cost of [...byCost.keys()].sort((a, b) => a - b)) {
    const group = byCost.get(cost) as Scorable[];
    let cleanest = Number.POSITIVE_INFINITY;
    for (const item of group) if (item.emissionsG < cleanest) cleanest = item.emissionsG;
    if (cleanest >= cleanestCheaper) continue;
    const ids: string[] = [];
    for (const item of group) if (item.emissionsG === cleanest) ids.push(item.id);
    steps.push(ids.sort());
    cleanestCheaper = cleanest;
  }
  // Walked by ascending cost, the front's emissions decrease: reversed, they ascend.
  return steps.reverse().flat();
}

/** Why the recommendation is not on the Pareto front (docs/RECOMMENDATION.md#scoring). */
export interface OffParetoFront {
  /**
   * `tie`: its score ties with a region as clean and cheaper, and the tie went to it by PUE, RTT,
   * distance or id; `unpriced`: it has no egress price, and the front holds priced regions only.
   */
  reason: 'tie' | 'unpriced';
  /** The cheapest region of the front that is at least as clean and cheaper; null when unpriced. */
  dominatedBy: string | null;
}

/**
 * Null when `recommended` is on `front` (ids from paretoFront over `items`); else why not. Every
 * ranking is non-decreasing in both emissions and cost, so a dominated region can only win a tie.
 */
export function offParetoFront(
  recommended: Scorable,
  front: readonly string[],
  items: readonly Scorable[],
): OffParetoFront | null {
  if (front.includes(recommended.id)) return null;
  if (recommended.costUsd === null) return { reason: 'unpriced', dominatedBy: null };
  const onFront = new Set(front);
  let dominatedBy: Scorable | undefined;
  for (const item of items) {
    if (!onFront.has(item.id) || item.costUsd === null) continue;
    if (item.emissionsG > recommended.emissionsG || item.costUsd > recommended.costUsd) continue;
    if (
      !dominatedBy ||
      (dominatedBy.costUsd as number) > item.costUsd ||
      ((dominatedBy.costUsd as number) === item.costUsd && item.id < dominatedBy.id)
    ) {
      dominatedBy = item;
    }
  }
  return { reason: 'tie', dominatedBy: dominatedBy?.id ?? null };
}

/** The candidate closest to the viewer (ties: lower RTT, then id): what a naive set-up would use. */
export function nearestCandidate<T extends Pick<Scorable, 'id' | 'distanceKm' | 'estimatedRttMs'>>(
  items: readonly T[],
): T | undefined {
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

/** Grams avoided, as a share of a baseline. */
export interface SavingShare {
  /** Grams avoided (negative: the recommendation emits more). */
  emissionsG: number;
  /** The same, as a percentage of the baseline. */
  percent: number;
  /** What the nearest region emits over that scope, g. */
  baselineEmissionsG: number;
}

export interface Saving {
  versusRegionId: string;
  basis: 'nearest';
  /** Deprecated: `dataCentre.emissionsG` (kept for existing callers). */
  emissionsG: number;
  /** Deprecated: `dataCentre.percent`, a share of the data-centre segment only. */
  percent: number;
  /** Against the nearest region's data-centre emissions. */
  dataCentre: SavingShare;
  /** Against the nearest region's whole view (data centre, network, device, embodied). */
  wholeView: SavingShare;
}

function share(emissionsG: number, baselineEmissionsG: number): SavingShare {
  return {
    emissionsG,
    percent: baselineEmissionsG > 0 ? (emissionsG / baselineEmissionsG) * 100 : 0,
    baselineEmissionsG,
  };
}

/**
 * The saving against the nearest region. The grams are the same over both scopes (the network,
 * device and embodied segments do not depend on the serving region); only the share differs.
 * @param viewerSideG the view's emissions outside the data centre, g
 */
export function savingVersus(recommended: Scorable, nearest: Scorable, viewerSideG = 0): Saving {
  const emissionsG = nearest.emissionsG - recommended.emissionsG;
  const dataCentre = share(emissionsG, nearest.emissionsG);
  return {
    versusRegionId: nearest.id,
    basis: 'nearest',
    emissionsG,
    percent: dataCentre.percent,
    dataCentre,
    wholeView: share(emissionsG, nearest.emissionsG + viewerSideG),
  };
}
