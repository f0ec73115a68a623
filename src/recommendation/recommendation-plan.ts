import type { FootprintModel } from '../footprint/domain/coefficients.js';
import type { Country } from '../geo/domain/countries.js';
import type { WindowIntensityValue } from '../intensity/intensity.service.js';
import type { EligibilityRules, EligibleRegion, ExcludedRegion } from './domain/eligibility.js';
import type { Ranking, Scorable } from './domain/scoring.js';
import type { RankingDto, ViewerDto } from './contract/recommendation.dto.js';

export interface Viewer {
  country?: Country;
  dto: ViewerDto;
}

/** An eligible region with its figures that do not depend on the time or the intensities. */
export interface PlannedRegion {
  id: string;
  eligible: EligibleRegion;
  distanceKm: number;
  estimatedRttMs: number;
  /** Data-centre energy of the video served from here, kWh. */
  energyKwh: number;
  /** Egress cost of the video; null when no price is known. */
  costUsd: number | null;
}

/** A planned region scored for one request, with its zone's intensity over the viewing window. */
export interface ScoredRegion extends Scorable {
  planned: PlannedRegion;
  intensity: WindowIntensityValue;
}

/**
 * Everything about a /recommend request that does not depend on the time or the intensities: the
 * viewer, the rules, the eligible regions with their energy and cost. Read-only once built: it is
 * shared by every request with the same validated query.
 */
export interface RecommendationPlan {
  rules: EligibilityRules;
  viewer: Viewer;
  ranking: Ranking;
  rankingDto: RankingDto;
  excluded: ExcludedRegion[];
  model: FootprintModel;
  dataVolumeGb: number;
  regions: PlannedRegion[];
  /** Index in `regions` of the eligible region nearest the viewer: the baseline of the saving. */
  nearestIndex: number;
}
