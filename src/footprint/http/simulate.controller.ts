import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { SimulateRequest } from './simulate.dto.js';
import { SimulateResponseDto } from '../contract/simulation.dto.js';
import { SimulateOperation } from '../simulate.js';

@ApiTags('footprint')
@Controller('simulate')
export class SimulateController {
  constructor(private readonly simulateOperation: SimulateOperation) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'What-if: what a change of habit would save',
    description:
      'Evaluates the baseline and each scenario (a partial change of its parameters) over the same viewing window, and sorts the scenarios by saving. Without scenarios, a standard set is evaluated.',
  })
  // A whole body as the example: sampled field by field, Swagger UI would fill fields that exclude
  // each other (bitrateMbps and dataVolumeGb, region and dataCentreZone).
  @ApiBody({
    type: SimulateRequest,
    examples: {
      standard: {
        summary: 'A 4K evening on a TV, the standard scenarios',
        value: {
          baseline: { durationMinutes: 60, resolution: '2160p', device: 'tv', viewerCountry: 'FR' },
          viewsPerWeek: 10,
        },
      },
      chosen: {
        summary: 'Chosen scenarios: a lower resolution, another region',
        value: {
          baseline: {
            durationMinutes: 90,
            resolution: '1080p',
            device: 'laptop',
            connection: 'wifi',
            viewerCountry: 'DE',
            region: 'aws:eu-central-1',
          },
          scenarios: [
            { name: '720p', changes: { resolution: '720p' } },
            { name: 'served from Stockholm', changes: { region: 'aws:eu-north-1' } },
          ],
        },
      },
    },
  })
  @ApiOkResponse({ type: SimulateResponseDto })
  @RouteSchema({ response: { 200: responseSchemaOf(SimulateResponseDto) } })
  @ApiProblemResponses(400, 413, 415)
  simulate(@Body() body: SimulateRequest): Promise<SimulateResponseDto> {
    return this.simulateOperation.simulate(body);
  }
}
