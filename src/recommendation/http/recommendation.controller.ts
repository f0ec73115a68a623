import { Controller, Get, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { BestWindowQuery, RecommendQuery } from './recommend-query.dto.js';
import { BestWindowDto, RecommendationDto } from '../contract/recommendation.dto.js';
import { BestWindowOperation } from '../best-window.js';
import { RecommendOperation } from '../recommend.js';

@ApiTags('recommendation')
@Controller('recommend')
@ApiProblemResponses(400)
export class RecommendationController {
  constructor(
    private readonly recommendOperation: RecommendOperation,
    private readonly bestWindowOperation: BestWindowOperation,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The lowest-carbon cloud region to serve a video to a viewer from',
    description:
      "Eligible regions (the viewer's country and its neighbours, the country only, or a round-trip budget over the latency graph), each scored with its zone's intensity averaged over the viewing window (forecast, then fallbacks), the model's data-centre energy and its egress cost; ranked by emissions, by cost plus priced carbon, or by a weighted sum. Answers the ranking, the Pareto front of emissions against cost, the excluded regions with their reason and the saving against the nearest eligible region. 422 when no region is eligible.",
  })
  @ApiOkResponse({ type: RecommendationDto })
  @ApiProblemResponses(422)
  @RouteSchema({ response: { 200: responseSchemaOf(RecommendationDto) } })
  recommend(@Query() query: RecommendQuery): RecommendationDto {
    return this.recommendOperation.recommend(query);
  }

  @Get('window')
  @ApiOperation({
    summary: 'Best start time for work that can wait (e.g. pre-positioning a title at an origin)',
    description:
      "The start, within `within` and the forecast horizon, whose window average of the zone's intensity is lowest, and what it saves against starting now. Exact for hourly data: every start where the average can turn is evaluated.",
  })
  @ApiOkResponse({ type: BestWindowDto })
  @RouteSchema({ response: { 200: responseSchemaOf(BestWindowDto) } })
  bestWindow(@Query() query: BestWindowQuery): Promise<BestWindowDto> {
    return this.bestWindowOperation.bestWindow(query);
  }
}
