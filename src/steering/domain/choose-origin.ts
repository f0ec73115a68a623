/**
 * The steering rule (docs/STEERING.md#the-decision): among a service's origins ranked by the
 * recommendation scoring, skip those at capacity, spread near-ties by rendezvous hashing of the
 * session, keep a session where it is unless moving saves at least the switch threshold, and fail
 * open to the nearest origin when nothing is eligible. Pure.
 */
import { rendezvousIndex } from './rendezvous.js';

/** Why an origin was chosen. */
export const DECISION_REASONS = [
  /** The eligible origin with the lowest emissions (the top of the ranking). */
  'cleanest',
  /** Near-tie with the cleanest (within the close-call share): spread by rendezvous hashing of the session. */
  'close-call',
  /** The session's origin, kept: moving would save less than the switch threshold. */
  'sticky',
  /** A better origin was at capacity: the best one under capacity. */
  'at-capacity',
  /** No origin eligible (or all eligible at capacity): the nearest enabled origin. */
  'fallback-nearest',
  /** The viewer could not be located and no default country is configured: the service's first origin. */
  'unlocated',
  /** Every origin of the service is down (origin health): fail open to the nearest one. */
  'all-origins-down',
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

/** Where each origin stands in a decision. */
export const LOCATION_STATUSES = [
  'chosen',
  'eligible',
  'at-capacity',
  'not-eligible',
  'origin-down',
] as const;
export type LocationStatus = (typeof LOCATION_STATUSES)[number];

export interface OriginOption {
  id: string;
  /** Within the eligibility rules (latency budget, region enabled, …). */
  isEligible: boolean;
  /** Emissions of the video served from here, g; null when not eligible (not scored). */
  emissionsG: number | null;
  /** The ranking's score, lower is better; null when not eligible. */
  score: number | null;
  distanceKm: number;
  isAtCapacity: boolean;
  /** Down by origin health (docs/LATENCY-AND-HEALTH.md): skipped, unless every origin is down. */
  isDown?: boolean;
}

export interface ChoiceRules {
  /** Saving (share of the current origin's emissions, 0..1) a session needs to move. */
  switchThreshold: number;
  /** Scores within this share of the best are a near-tie (recommendation's closeCall share). */
  closeCallShare: number;
}

export interface Choice {
  /** Index in the options given. */
  index: number;
  reason: DecisionReason;
  /** The session's previous origin when the session moved. */
  switchedFrom: string | null;
  /** Origins better than the chosen one that were skipped because they were full. */
  capacitySkips: string[];
  /** The other origins of a near-tie the hashing chose among (empty when none). */
  tiedWith: string[];
}

/**
 * @param options eligible origins first, best first (as ranked), then the others in any order
 * @param currentOriginId the session's origin, if it has one
 * @param sessionKey what near-ties are hashed on (the session id)
 */
export function chooseOrigin(
  options: readonly OriginOption[],
  currentOriginId: string | undefined,
  sessionKey: string,
  rules: ChoiceRules,
): Choice {
  const capacitySkips: string[] = [];
  const available: number[] = [];
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    if (!option.isEligible || option.isDown) continue;
    // A session already counted on its origin keeps its place there.
    if (option.isAtCapacity && option.id !== currentOriginId) {
      if (available.length === 0) capacitySkips.push(option.id);
      continue;
    }
    available.push(index);
  }
  if (available.length === 0) {
    // The nearest origin that is up; when every one is down, the nearest (fail open).
    const up = options.filter((option) => !option.isDown);
    const nearest = up.length > 0 ? options.indexOf(up[nearestIndex(up)]) : nearestIndex(options);
    return {
      index: nearest,
      reason: up.length > 0 || options.length === 0 ? 'fallback-nearest' : 'all-origins-down',
      switchedFrom: switched(options, nearest, currentOriginId),
      capacitySkips,
      tiedWith: [],
    };
  }
  const best = options[available[0]];
  const bestScore = best.score ?? 0;
  const tied = available.filter((index) => {
    const score = options[index].score ?? Number.POSITIVE_INFINITY;
    return score - bestScore <= rules.closeCallShare * Math.abs(bestScore);
  });
  let index = available[0];
  let reason: DecisionReason = capacitySkips.length > 0 ? 'at-capacity' : 'cleanest';
  let tiedWith: string[] = [];
  if (tied.length > 1) {
    const ids = tied.map((position) => options[position].id);
    index = tied[rendezvousIndex(sessionKey, ids)];
    tiedWith = ids.filter((id) => id !== options[index].id);
    if (reason === 'cleanest') reason = 'close-call';
  }
  const currentIndex = available.find((position) => options[position].id === currentOriginId);
  if (currentIndex !== undefined && currentIndex !== index) {
    const current = options[currentIndex].emissionsG ?? 0;
    const next = options[index].emissionsG ?? 0;
    const saving = current > 0 ? (current - next) / current : 0;
    if (saving < rules.switchThreshold) {
      return { index: currentIndex, reason: 'sticky', switchedFrom: null, capacitySkips: [], tiedWith: [] };
    }
  }
  return { index, reason, switchedFrom: switched(options, index, currentOriginId), capacitySkips, tiedWith };
}

function switched(
  options: readonly OriginOption[],
  index: number,
  current: string | undefined,
): string | null {
  return current !== undefined && options[index]?.id !== current ? current : null;
}

/** The option closest to the viewer (ties by id); -1 when there is none. */
export function nearestIndex(options: readonly Pick<OriginOption, 'id' | 'distanceKm'>[]): number {
  let nearest = -1;
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    const best = options[nearest];
    if (
      nearest === -1 ||
      option.distanceKm < best.distanceKm ||
      (option.distanceKm === best.distanceKm && option.id < best.id)
    ) {
      nearest = index;
    }
  }
  return nearest;
}
