import { Controller, Get, Param, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { IntensityQuery, ZoneIntensityDto, ZoneParam } from './dto/intensity.dto.js';
import { ZONE_INTENSITY_JSON_SCHEMA } from './dto/intensity.schema.js';
import { IntensityService, ZoneIntensityReport } from './intensity.service.js';

@ApiTags('intensity')
@Controller('intensity')
export class IntensityController {
  constructor(private readonly intensityService: IntensityService) {}

  @Get(':zone')
  @ApiOperation({
    summary: 'Grid carbon intensity of a zone: now, forecast, and an optional window average',
    description:
      'Never fails because Electricity Maps is down: values fall back along live → forecast → stored → profile → reference, and each says where it came from. `degraded` is true when any value used is not live or forecast.',
  })
  @ApiOkResponse({ type: ZoneIntensityDto })
  @ApiProblemResponses(400, 404)
  @RouteSchema({ response: { 200: ZONE_INTENSITY_JSON_SCHEMA } })
  getZone(
    @Param() params: ZoneParam,
    @Query() query: IntensityQuery,
  ): ZoneIntensityReport | Promise<ZoneIntensityReport> {
    return this.intensityService.report(params.zone, query.from, query.to);
  }
}
