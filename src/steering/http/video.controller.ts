import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DirectRoute } from '../../platform/http/direct-route.js';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { serializerOf } from '../../platform/http/response-schema.js';
import { SteeringDecisionDto } from '../contract/steering-decision.dto.js';
import { SteeringService } from '../steering.service.js';
import { SteerVideoQuery, VideoParam } from './video-query.dto.js';

const WANTS_JSON = /\bapplication\/json\b/i;

@ApiTags('steering')
@Controller('video')
export class VideoController {
  constructor(private readonly steering: SteeringService) {}

  @Get(':id')
  @DirectRoute()
  @ApiOperation({
    summary: 'Send a viewer to the origin of lowest carbon within the latency budget (302)',
    description:
      'Ranks the enabled origins of the delivery service with the /recommend scoring (latency eligibility, STEERING_MAX_LATENCY_MS budget), skips origins at capacity, keeps a session on its origin unless moving saves at least STEERING_SWITCH_THRESHOLD_PERCENT, spreads near-ties by session, and fails open to the nearest origin. Answered from memory; every decision is logged (GET /decisions). See docs/STEERING.md.',
  })
  @ApiResponse({
    status: 302,
    description: 'Redirect to the chosen origin',
    headers: {
      Location: { description: 'The video on the chosen origin', schema: { type: 'string' } },
      'X-Decision-Id': { description: 'Decision id, as in the decision log', schema: { type: 'string' } },
      'X-Session-Id': { description: 'Session id (given or issued)', schema: { type: 'string' } },
      'Server-Timing': { description: 'steer;dur=<ms> spent deciding', schema: { type: 'string' } },
      'Cache-Control': { description: 'private, no-store', schema: { type: 'string' } },
    },
  })
  @ApiOkResponse({ type: SteeringDecisionDto, description: 'With dryRun=true or Accept: application/json' })
  @ApiHeader({
    name: 'CloudFront-Viewer-Country',
    required: false,
    description:
      'Viewer country set by the edge (also CF-IPCountry, X-Viewer-Country); used without viewerCountry/viewerLat',
    example: 'FR',
  })
  @ApiProblemResponses(400, 404, 503)
  steer(
    @Param() params: VideoParam,
    @Query() query: SteerVideoQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const decision = this.steering.decide({
      service: query.service,
      videoId: params.id,
      viewer: {
        viewerCountry: query.viewerCountry,
        viewerLat: query.viewerLat,
        viewerLon: query.viewerLon,
        headers: request.headers,
        clientIp: request.ip,
      },
      sessionId: query.sessionId,
      path: query.path,
      durationMinutes: query.durationMinutes,
      resolution: query.resolution,
      channel: 'video',
    });
    void reply
      .header('cache-control', 'private, no-store')
      .header('vary', 'Accept')
      .header('x-decision-id', decision.decisionId)
      .header('x-session-id', decision.sessionId)
      .header('server-timing', `steer;dur=${decision.decideMs.toFixed(3)}`);
    if (query.dryRun === true || WANTS_JSON.test(request.headers.accept ?? '')) {
      void reply
        .status(200)
        .header('content-type', 'application/json; charset=utf-8')
        .send(serializerOf(SteeringDecisionDto)(decision));
      return;
    }
    void reply.status(302).header('location', decision.url).send();
  }
}
