import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { FootprintQuery } from './footprint-query.dto.js';
import { FootprintAllModelsDto, FootprintDto } from '../contract/footprint.dto.js';
import { EstimateFootprintOperation } from '../estimate-footprint.js';

@ApiTags('footprint')
@Controller('footprint')
@ApiExtraModels(FootprintDto, FootprintAllModelsDto)
export class FootprintController {
  constructor(private readonly estimateFootprintOperation: EstimateFootprintOperation) {}

  @Get()
  @ApiOperation({
    summary: 'CO2e of watching a video',
    description:
      "Energy per segment (kWh) under a published model, and emissions (gCO2e): the data-centre segment with the serving zone's intensity, network and device with the viewer's, each averaged over the viewing window. `model=all` answers `{ results: [...] }` with the four models.",
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(FootprintDto) }, { $ref: getSchemaPath(FootprintAllModelsDto) }],
    },
  })
  @ApiProblemResponses(400)
  @Header('content-type', 'application/json; charset=utf-8')
  estimate(@Query() query: FootprintQuery): string | Promise<string> {
    return this.estimateFootprintOperation.estimateJson(query);
  }
}
