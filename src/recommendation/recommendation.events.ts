import type { FootprintModel } from '../footprint/domain/coefficients.js';
import { defineEvent } from '../platform/events/event-bus.js';
import type { EligibilityMode } from './domain/eligibility.js';

/** What one served recommendation achieved, for whoever counts (e.g. Prometheus metrics). */
export interface ServedRecommendation {
  model: FootprintModel;
  eligibility: EligibilityMode;
  regionId: string;
  /** The eligible region nearest the viewer, the baseline of the saving. */
  versusRegionId: string;
  /** gCO2e avoided against that region (negative when a cost trade-off chose a dirtier region). */
  gramsAvoided: number;
}

/** One /recommend answer computed (after the response is built). */
export const RECOMMENDATION_SERVED = defineEvent<ServedRecommendation>('recommendation.served');
