import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import {
  LatencyMatrixDto,
  LatencySamplesRequestDto,
  LatencySamplesResultDto,
} from '../contract/latency.dto.js';
import { IngestSamplesOperation } from '../ingest-samples.js';
import { ShowLatencyOperation } from '../show-latency.js';
import { LatencyQuery } from './latency-query.dto.js';

@ApiTags('latency')
@Controller()
export class LatencyController {
  constructor(
    private readonly ingestSamples: IngestSamplesOperation,
    private readonly showLatency: ShowLatencyOperation,
  ) {}

  @Post('latency-samples')
  @HttpCode(201)
  @RequireRole('provider')
  @ApiOperation({
    summary: 'Record measured round trips and throughputs (provider key), 1 to 1000 per request',
    description:
      "Players' (kind `user`, the default) or synthetic probes' (kind `probe`) measurements from a viewer country to a region. Each (viewer country, region, kind) keeps a time-decayed moving average in PostgreSQL (half-life LATENCY_HALF_LIFE_MS), shared by every instance: once LATENCY_MIN_SAMPLES recent samples are there, eligibility and steering use it instead of the model (docs/LATENCY.md). All samples are stored or none: a bad one answers 400 naming `samples[i].field`. A sample with a sessionId labels that session's steering decisions.",
  })
  @ApiBody({
    type: LatencySamplesRequestDto,
    examples: {
      byCountryAndRegion: {
        summary: "A player's round trip and throughput from France to Stockholm",
        value: {
          samples: [{ viewerCountry: 'FR', region: 'aws:eu-north-1', rttMs: 42, throughputBps: 8000000 }],
        },
      },
      probeBySubdivision: {
        summary: 'A synthetic probe in California',
        value: {
          samples: [{ viewerSubdivision: 'US-CA', region: 'aws:us-west-1', rttMs: 9.5, kind: 'probe' }],
        },
      },
      byCoordinatesAndOrigin: {
        summary: "A viewer in Paris on the example service's Paris origin, labelling its session",
        value: {
          samples: [
            {
              viewerLat: 48.85,
              viewerLon: 2.35,
              serviceId: 'example',
              originId: 'paris',
              rttMs: 14,
              sessionId: 's-42',
            },
          ],
        },
      },
    },
  })
  @ApiCreatedResponse({ type: LatencySamplesResultDto })
  @ApiKeyProtected()
  @ApiProblemResponses(400, 413, 415, 503)
  @RouteSchema({ response: { 201: responseSchemaOf(LatencySamplesResultDto) } })
  record(@Body() body: unknown): Promise<LatencySamplesResultDto> {
    return this.ingestSamples.ingest(body);
  }

  @Get('latency')
  @ApiOperation({
    summary: "The round trips from a country's viewers to every region, with their source and age",
    description:
      'For every enabled region: the round trip eligibility and steering use (`rttSource` `measured`, `probe` or `model`), the model’s estimate, and the stored measurements of real users and probes with their recent sample counts and ages. Measurements age out back to the model (LATENCY_MAX_AGE_MS, LATENCY_HALF_LIFE_MS).',
  })
  @ApiOkResponse({ type: LatencyMatrixDto })
  @ApiProblemResponses(400)
  @RouteSchema({ response: { 200: responseSchemaOf(LatencyMatrixDto) } })
  matrix(@Query() query: LatencyQuery): LatencyMatrixDto {
    return this.showLatency.show(query.viewerCountry);
  }
}
