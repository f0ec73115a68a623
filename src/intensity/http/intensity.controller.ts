import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { JsonAnswerCache } from '../../platform/cache/json-answer-cache.js';
import { serializerOf } from '../../platform/http/response-schema.js';
import { IntensityQuery, ZoneParam } from './intensity-query.dto.js';
import { ZoneIntensityDto } from '../contract/intensity.dto.js';
import { IntensityService, type ZoneIntensityReport } from '../intensity.service.js';

@ApiTags('intensity')
@Controller('intensity')
export class IntensityController {
  /** Serialised answers for the current second, by zone and window (an answer reads no catalogue). */
  private readonly answers: JsonAnswerCache<string, ZoneIntensityReport>;

  constructor(
    private readonly intensityService: IntensityService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.answers = new JsonAnswerCache(
      config.responseCacheEntries,
      serializerOf(ZoneIntensityDto),
      'intensity_answers',
    );
  }

  @Get(':zone')
  @ApiOperation({
    summary: 'Grid carbon intensity of a zone: now, forecast, and an optional window average',
    description:
      'Never fails because Electricity Maps is down: values fall back along live → forecast → stored → profile → reference, and each says where it came from. `degraded` is true when any value used is not live or forecast.',
  })
  @ApiOkResponse({ type: ZoneIntensityDto })
  @ApiProblemResponses(400, 404)
  @Header('content-type', 'application/json; charset=utf-8')
  getZone(@Param() params: ZoneParam, @Query() query: IntensityQuery): string | Promise<string> {
    const { zone } = params;
    const { from, to } = query;
    const key = from === undefined && to === undefined ? zone : `${zone}|${from?.getTime()}|${to?.getTime()}`;
    return this.answers.json(key, this.intensityService.dataVersion, undefined, () =>
      this.intensityService.report(zone, from, to),
    );
  }
}
