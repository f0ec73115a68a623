/**
 * What a /recommend request asks beyond the viewer and the video: which regions may serve (the
 * eligibility rules) and how they are ranked, each refusal a 400 naming its field. Pure: the
 * known provider ids are given by the caller.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { FootprintModel } from '../../footprint/domain/coefficients.js';
import type { DataVolumeInput } from '../../footprint/domain/data-volume.js';
import type { ViewerQuery } from '../../geo/domain/viewer-location.js';
import {
  CountryRequiredError,
  DEFAULT_MAX_LATENCY_MS,
  type EligibilityMode,
  type EligibilityRules,
} from './eligibility.js';
import type { Ranking } from './scoring.js';

/** A /recommend request once its fields are well-formed (http/RecommendQuery is its HTTP form). */
export interface RecommendRequest extends DataVolumeInput, ViewerQuery {
  startAt?: Date;
  eligibility?: EligibilityMode;
  maxLatencyMs?: number;
  /** Comma-separated provider ids. */
  providers?: string;
  includeOptIn?: boolean;
  carbonPriceUsdPerTonne?: number;
  costWeight?: number;
  model?: FootprintModel;
  limit?: number;
  /**
   * Only these catalogue regions are candidates (not a query parameter: steering passes the
   * regions of a delivery service's origins, so that it ranks them through this same code).
   */
  regionIds?: ReadonlySet<string>;
}

/** The eligibility rules asked for (the viewer's country is added once the viewer is located). */
export function eligibilityRules(
  request: RecommendRequest,
  knownProviderIds: ReadonlySet<string>,
): EligibilityRules {
  const mode = request.eligibility ?? 'neighbours';
  if (request.maxLatencyMs !== undefined && mode !== 'latency') {
    throw InvalidInputError.forField('maxLatencyMs', 'applies only with eligibility=latency');
  }
  let providers: Set<string> | undefined;
  if (request.providers !== undefined) {
    providers = new Set(request.providers.split(','));
    const unknown = [...providers].filter((provider) => !knownProviderIds.has(provider));
    if (unknown.length > 0) {
      throw InvalidInputError.forField('providers', `has unknown provider ids: ${unknown.join(', ')}`);
    }
  }
  return {
    mode,
    maxLatencyMs: request.maxLatencyMs ?? DEFAULT_MAX_LATENCY_MS,
    providers,
    includeOptIn: request.includeOptIn ?? false,
    needsPrice:
      request.carbonPriceUsdPerTonne !== undefined ||
      (request.costWeight !== undefined && request.costWeight > 0),
  };
}

/** By emissions unless a carbon price or a cost weight is given (not both). */
export function rankingOf(request: RecommendRequest): Ranking {
  if (request.carbonPriceUsdPerTonne !== undefined && request.costWeight !== undefined) {
    throw InvalidInputError.forField('costWeight', 'cannot be given together with carbonPriceUsdPerTonne');
  }
  if (request.carbonPriceUsdPerTonne !== undefined) {
    return { by: 'carbon-price', usdPerTonne: request.carbonPriceUsdPerTonne };
  }
  if (request.costWeight !== undefined) return { by: 'cost-weight', costWeight: request.costWeight };
  return { by: 'emissions' };
}

/** The 400 for a mode that needs the viewer's country when the request gives none. */
export function countryRequiredProblem(error: CountryRequiredError): InvalidInputError {
  return InvalidInputError.forField(
    'viewerCountry',
    `is required for eligibility=${error.mode} (give viewerCountry or viewerZone, or use eligibility=latency)`,
  );
}
