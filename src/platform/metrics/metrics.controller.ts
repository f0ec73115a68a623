import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { bearerToken } from '../http/api-keys.js';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus' text exposition format 0.0.4, what prom-client's default registry writes. */
const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokenDigest = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Prometheus metrics (text format): requests, Electricity Maps calls, intensity sources, pool use',
    description:
      'Not rate limited. When `METRICS_TOKEN` is set, needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); open when it is unset. Metric names and what to alert on: docs/OPERATIONS.md.',
  })
  @ApiProduces(PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'Every metric family of this instance',
    schema: {
      type: 'string',
      example:
        '# HELP greenstream_intensity_answers_total Intensity values served ...\n# TYPE greenstream_intensity_answers_total counter\ngreenstream_intensity_answers_total{source="live"} 1234\n',
    },
  })
  @ApiProblemResponses(401)
  // The header is read from the request, not as a parameter: it is the bearer scheme, documented above.
  scrape(@Req() request: FastifyRequest): Promise<string> {
    if (this.tokenDigest !== undefined) {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined || !timingSafeEqual(digest(token), this.tokenDigest)) {
        throw new UnauthorizedException(
          'GET /metrics needs the metrics token (Authorization: Bearer <METRICS_TOKEN>)',
        );
      }
    }
    return this.metrics.metrics();
  }
}
