import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { IntensityQuery, ZoneIntensityDto, ZoneParam } from './intensity.dto.js';
import { IntensityService } from '../intensity.service.js';

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
  @Header('content-type', 'application/json; charset=utf-8')
  getZone(@Param() params: ZoneParam, @Query() query: IntensityQuery): string | Promise<string> {
    return this.intensityService.reportJson(params.zone, query.from, query.to);
  }
}
