import { Controller, Get, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { ViewStatistics } from '../view-statistics.js';
import { StatsDto, StatsQuery } from './stats.dto.js';

@ApiTags('consumption')
@Controller('stats')
export class StatsController {
  constructor(private readonly viewStatistics: ViewStatistics) {}

  @Get()
  @RequireRole('analyst')
  @ApiOperation({
    summary: 'Totals and groups of recorded views (analyst key), from daily rollups',
    description:
      'Views, hours, data volume, energy, emissions and gCO2e per hour over whole UTC days, grouped by day, ISO week, month or a dimension. `groupBy=video` is the popularity list: most viewed first, `limit` videos (default 100). Answered from rollups kept up to date at write time: the cost does not grow with the number of views.',
  })
  @ApiOkResponse({ type: StatsDto })
  @RouteSchema({ response: { 200: responseSchemaOf(StatsDto) } })
  @ApiKeyProtected()
  @ApiProblemResponses(400, 503)
  stats(@Query() query: StatsQuery): Promise<StatsDto> {
    return this.viewStatistics.stats(query);
  }
}
