import type { FootprintModel } from '../footprint/domain/coefficients.js';
import type { Country } from '../geo/domain/countries.js';
import type { WindowIntensityValue } from '../intensity/intensity.service.js';
import type {
  EligibilityMode,
  EligibilityRules,
  EligibleRegion,
  ExcludedRegion,
} from './domain/eligibility.js';
import type { Ranking, Scorable } from './domain/scoring.js';
import type { RankingDto, ViewerDto } from './contract/recommendation.dto.js';

export interface Viewer {
  country?: Country;
  /** The viewer's grid zone (network and device segments of the whole view). */
  zone?: string;
  dto: ViewerDto;
}

/** The viewer's side of the view, the same whatever the serving region (savings.wholeView). */
export interface ViewerSide {
  zone: string;
  /** Network and device energy, kWh, at the viewer's zone intensity. */
  energyKwh: number;
  /** SWD v4's embodied emissions at its fixed intensity, g (0 for the other models). */
  embodiedG: number;
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
  /** The region's PUE: breaks ties between equal emissions (docs/RECOMMENDATION.md#scoring). */
  pue: number;
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
  /** The rule applied: the one asked for, or `latency` when the default rule fell back. */
  mode: EligibilityMode;
  viewer: Viewer;
  /** Undefined only for a viewer without a zone (coordinates alone). */
  viewerSide?: ViewerSide;
  ranking: Ranking;
  rankingDto: RankingDto;
  excluded: ExcludedRegion[];
  model: FootprintModel;
  dataVolumeGb: number;
  regions: PlannedRegion[];
  /** Index in `regions` of the eligible region nearest the viewer: the baseline of the saving. */
  nearestIndex: number;
}
