import { RouteSchema } from '@nestjs/platform-fastify';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { Page, RegionView } from '../domain/catalogue.js';
import { RegionIdParam } from './region-id.param.js';
import { CreateRegionRequest, UpdateRegionRequest } from './region-write.dto.js';
import { RegionDto, RegionPageDto } from './region.dto.js';
import { RegionsQuery } from './regions-query.dto.js';
import { RegionAdminService } from '../region-admin.service.js';
import { RegionsService } from '../regions.service.js';

@ApiTags('catalogue')
@Controller('regions')
@ApiProblemResponses(400)
export class RegionsController {
  constructor(
    private readonly regionsService: RegionsService,
    private readonly regionAdmin: RegionAdminService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List cloud regions, filtered and paginated (served from memory)' })
  @ApiOkResponse({ type: RegionPageDto })
  @RouteSchema({ response: { 200: responseSchemaOf(RegionPageDto) } })
  list(@Query() query: RegionsQuery): Page<RegionView> {
    return this.regionsService.listRegions(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One region' })
  @ApiOkResponse({ type: RegionDto })
  @ApiProblemResponses(404)
  @RouteSchema({ response: { 200: responseSchemaOf(RegionDto) } })
  get(@Param() params: RegionIdParam): RegionView {
    return this.regionsService.getRegion(params.id);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Add a region (admin)',
    description:
      'The provider must exist (POST /providers adds one). The id becomes `provider:code`. Seeding never overwrites a region changed through the API.',
  })
  @ApiCreatedResponse({ type: RegionDto })
  @ApiKeyProtected()
  @ApiProblemResponses(409, 413, 415)
  create(@Body() body: CreateRegionRequest): Promise<RegionView> {
    return this.regionAdmin.createRegion(body);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a region (admin); fields not given stay as they are' })
  @ApiOkResponse({ type: RegionDto })
  // The example changes one field: sampled from the schema, "Try it out" would rewrite them all.
  @ApiBody({
    type: UpdateRegionRequest,
    examples: { disable: { summary: 'Take the region out of recommendations', value: { enabled: false } } },
  })
  @ApiKeyProtected()
  @ApiProblemResponses(404, 413, 415)
  update(@Param() params: RegionIdParam, @Body() body: UpdateRegionRequest): Promise<RegionView> {
    return this.regionAdmin.updateRegion(params.id, body);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a region (admin)',
    description:
      'The region disappears from the catalogue and stays deleted across re-seeding; POST the same id to bring it back.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiKeyProtected()
  @ApiProblemResponses(404)
  async remove(@Param() params: RegionIdParam): Promise<void> {
    await this.regionAdmin.deleteRegion(params.id);
  }
}
