import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: SimulateResponseDto })
  @ApiProblemResponses(400, 413, 415)
  simulate(@Body() body: SimulateRequest): Promise<SimulateResponseDto> {
    return this.simulateOperation.simulate(body);
  }
}
