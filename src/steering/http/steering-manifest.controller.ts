import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DirectRoute } from '../../platform/http/direct-route.js';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { serializerOf } from '../../platform/http/response-schema.js';
import { DashSteeringManifestDto, HlsSteeringManifestDto } from '../contract/steering-manifest.dto.js';
import { SteerManifestOperation, type ManifestRequest, type SteeredManifest } from '../steer-manifest.js';
import {
  DashSteeringQuery,
  HlsSteeringQuery,
  SteeringManifestParams,
  type SteeringManifestQuery,
} from './steering-manifest-query.dto.js';

const HEADERS_DOC = {
  'X-Decision-Id': { description: 'Decision id, as in the decision log', schema: { type: 'string' } },
  'X-Session-Id': { description: 'Session id (given or issued)', schema: { type: 'string' } },
  'Server-Timing': { description: 'steer;dur=<ms> spent deciding', schema: { type: 'string' } },
  'Cache-Control': { description: 'private, no-store', schema: { type: 'string' } },
};

const DESCRIPTION =
  'Ranks the enabled origins of the delivery service as GET /video does (one decision: latency budget, capacity, stickiness with hysteresis, near-ties spread by session, fail-open to the nearest origin; every decision logged) and answers their pathways, best first, as a content steering manifest. The player reloads it every TTL seconds from RELOAD-URI, which carries the session id (issued on the first request), so a session stays on its origin unless moving saves at least STEERING_SWITCH_THRESHOLD_PERCENT. See docs/CONTENT-STEERING.md.';

@ApiTags('steering')
@Controller('steering')
@ApiProblemResponses(400, 404, 503)
@ApiHeader({
  name: 'CloudFront-Viewer-Country',
  required: false,
  description:
    'Viewer country set by the edge (also CF-IPCountry, X-Viewer-Country); used without viewerCountry/viewerLat',
  example: 'FR',
})
export class SteeringManifestController {
  constructor(private readonly operation: SteerManifestOperation) {}

  @Get('hls/:service/:videoId')
  @DirectRoute()
  @ApiOperation({
    summary: 'HLS Content Steering manifest: the pathways of a stream, lowest carbon first',
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: HlsSteeringManifestDto, headers: HEADERS_DOC })
  hls(
    @Param() params: SteeringManifestParams,
    @Query() query: HlsSteeringQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const steered = this.operation.hls({ ...manifestRequest(params, query, request), ...query });
    send(reply, steered, serializerOf(HlsSteeringManifestDto));
  }

  @Get('dash/:service/:videoId')
  @DirectRoute()
  @ApiOperation({
    summary: 'DASH-IF Content Steering manifest: the service locations of a stream, lowest carbon first',
    description: DESCRIPTION,
  })
  @ApiOkResponse({ type: DashSteeringManifestDto, headers: HEADERS_DOC })
  dash(
    @Param() params: SteeringManifestParams,
    @Query() query: DashSteeringQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const steered = this.operation.dash({ ...manifestRequest(params, query, request), ...query });
    send(reply, steered, serializerOf(DashSteeringManifestDto));
  }
}

function manifestRequest(
  params: SteeringManifestParams,
  query: SteeringManifestQuery,
  request: FastifyRequest,
): ManifestRequest {
  return {
    ...query,
    service: params.service,
    videoId: params.videoId,
    headers: request.headers,
    clientIp: request.ip,
  };
}

/**
 * JSON (both specifications), never cached (each answer is one session's decision), readable by a web
 * player on any page: the manifest is public and sent without credentials, so any origin may read it.
 */
function send(
  reply: FastifyReply,
  steered: SteeredManifest<object>,
  serialize: (answer: object) => string,
): void {
  const { decision } = steered;
  void reply
    .status(200)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('access-control-allow-origin', '*')
    .header('x-decision-id', decision.decisionId)
    .header('x-session-id', decision.sessionId)
    .header('server-timing', `steer;dur=${decision.decideMs.toFixed(3)}`)
    .send(serialize(steered.manifest));
}
