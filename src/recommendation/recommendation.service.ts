import { Injectable } from '@nestjs/common';
import type { RecommendRequest } from './domain/request-rules.js';
import type { RecommendationDto } from './contract/recommendation.dto.js';
import { RecommendOperation } from './recommend.js';

/**
 * What other features may ask of recommendation: its public surface (a feature reaches another
 * only through its root service, never its operation files). Steering picks serving regions
 * with `recommend`; the controller calls the operations directly.
 */
@Injectable()
export class RecommendationService {
  constructor(private readonly recommendOperation: RecommendOperation) {}

  /**
   * The ranked regions for a viewer and a video, as GET /recommend answers them. With
   * `request.regionIds`, only those regions are ranked (steering ranks a service's origins so).
   * A frozen request object keeps its plan until the catalogue changes: pass the same frozen
   * object for the same question to skip re-planning.
   */
  recommend(request: RecommendRequest): RecommendationDto {
    return this.recommendOperation.recommend(request);
  }

  /**
   * `recommend` for a question asked again and again (steering: every playback of a country):
   * computed once per second while the catalogue and the intensities are unchanged, then shared
   * (do not change the answer). Every call counts in the recommendation metrics, as with
   * `recommend`. Pass the same frozen request object for the same question.
   */
  recommendThisSecond(request: RecommendRequest): RecommendationDto {
    return this.recommendOperation.recommendThisSecond(request);
  }
}
