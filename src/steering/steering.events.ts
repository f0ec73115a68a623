import { defineEvent } from '../platform/events/event-bus.js';
import type { DecisionReason } from './domain/choose-origin.js';

/** One steering decision made (after the answer is built), for whoever counts (e.g. metrics). */
export interface SteeringDecided {
  serviceId: string;
  originId: string;
  reason: DecisionReason;
  /** `video` (GET /video), `hls` or `dash` (content steering), or another caller's name. */
  channel: string;
  /** gCO2e avoided against the nearest eligible origin; null when nothing was eligible. */
  gramsAvoided: number | null;
  /** The session moved from another origin. */
  isSwitch: boolean;
  /** Origins better than the chosen one skipped because they were full. */
  capacitySkips: number;
  degraded: boolean;
}

/** State of the decision log queue after a decision was offered to it. */
export interface DecisionLogState {
  depth: number;
  /** Decisions dropped since start because the queue was full (monotonic). */
  droppedTotal: number;
  /** Decisions written since start (monotonic). */
  writtenTotal: number;
}

export const STEERING_DECIDED = defineEvent<SteeringDecided>('steering.decided');

/** The decision log's queue changed (offered, dropped, flushed). */
export const DECISION_LOG_CHANGED = defineEvent<DecisionLogState>('steering.decision-log-changed');
