import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../platform/kernel/errors.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../platform/kernel/time.js';
import { isDegradedAnswer } from '../intensity/domain/degraded.js';
import { IntensityService } from '../intensity/intensity.service.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import { candidateStarts, latestStart, lowestStart, parseWithin } from './domain/best-window.js';
import type { BestWindowDto, WindowChoiceDto } from './contract/recommendation.dto.js';

const DEFAULT_WITHIN = '24h';

/** A /recommend/window request once its fields are well-formed (http/BestWindowQuery is its HTTP form). */
export interface BestWindowRequest {
  /** A catalogue region, whose zone is used (or `zone`). */
  region?: string;
  zone?: string;
  durationMinutes: number;
  /** How long the work may wait, e.g. `24h` or `90m`. */
  within?: string;
}

/** GET /recommend/window: the start, within `within` and the forecast horizon, with the lowest window average. */
@Injectable()
export class BestWindowOperation {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly intensity: IntensityService,
  ) {}

  async bestWindow(request: BestWindowRequest): Promise<BestWindowDto> {
    const { zone, regionId } = this.windowZone(request);
    const withinMs = parseWithin(request.within ?? DEFAULT_WITHIN);
    await this.intensity.ensureZone(zone);
    const now = new Date();
    const nowMs = now.getTime();
    const durationMs = request.durationMinutes * MS_PER_MINUTE;
    const forecast = this.intensity.forecast(zone, now);
    const lastForecast = forecast[forecast.length - 1];
    const forecastEndMs = lastForecast ? Date.parse(lastForecast.datetime) + MS_PER_HOUR : undefined;
    const latestStartMs = latestStart(nowMs, durationMs, withinMs, forecastEndMs);
    const starts = candidateStarts(nowMs, durationMs, latestStartMs);
    const choice = (startMs: number): WindowChoiceDto => {
      const startAt = new Date(startMs);
      const endAt = new Date(startMs + durationMs);
      return {
        startAt: startAt.toISOString(),
        endAt: endAt.toISOString(),
        intensity: this.intensity.window(zone, startAt, endAt, now),
      };
    };
    const evaluated = new Map<number, WindowChoiceDto>();
    const best = lowestStart(starts, (startMs) => {
      const value = choice(startMs);
      evaluated.set(startMs, value);
      return value.intensity;
    });
    const startingNow = evaluated.get(nowMs) ?? choice(nowMs);
    const bestChoice = evaluated.get(best.startMs) as WindowChoiceDto;
    const savedPerKwh = startingNow.intensity.gCo2ePerKwh - bestChoice.intensity.gCo2ePerKwh;
    const degraded = isDegradedAnswer(this.intensity.isConfigured(), [
      ...bestChoice.intensity.sources,
      ...startingNow.intensity.sources,
    ]);
    return {
      zone,
      region: regionId,
      durationMinutes: request.durationMinutes,
      within: request.within ?? DEFAULT_WITHIN,
      best: bestChoice,
      now: startingNow,
      saving: {
        gCo2ePerKwh: savedPerKwh,
        percent:
          startingNow.intensity.gCo2ePerKwh > 0 ? (savedPerKwh / startingNow.intensity.gCo2ePerKwh) * 100 : 0,
      },
      waitMinutes: (best.startMs - nowMs) / MS_PER_MINUTE,
      latestStartAt: new Date(latestStartMs).toISOString(),
      startsEvaluated: starts.length,
      degraded,
    };
  }

  private windowZone(request: BestWindowRequest): { zone: string; regionId: string | null } {
    if (request.region !== undefined && request.zone !== undefined) {
      throw InvalidInputError.forField('zone', 'cannot be given together with region');
    }
    if (request.region !== undefined) {
      const region = this.catalogue.current().regionById.get(request.region);
      if (!region) throw InvalidInputError.forField('region', `is not a known region ('${request.region}')`);
      return { zone: region.zone, regionId: region.id };
    }
    if (request.zone !== undefined) {
      if (!this.intensity.isKnownZone(request.zone)) {
        throw InvalidInputError.forField('zone', `is not a known zone ('${request.zone}')`);
      }
      return { zone: request.zone, regionId: null };
    }
    throw InvalidInputError.forField('region', 'or zone is required');
  }
}
