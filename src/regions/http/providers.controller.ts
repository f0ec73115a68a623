import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listSchemaOf, responseSchemaOf } from '../../platform/http/response-schema.js';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { ProviderIdParam } from './region-id.param.js';
import { CreateProviderRequest, UpdateProviderRequest } from './region-write.dto.js';
import { ProviderDto } from './region.dto.js';
import { ProviderAdminService } from '../provider-admin.service.js';
import { RegionsService } from '../regions.service.js';

@ApiTags('catalogue')
@Controller('providers')
export class ProvidersController {
  constructor(
    private readonly regionsService: RegionsService,
    private readonly providerAdmin: ProviderAdminService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Cloud providers with their PUE and its source' })
  @ApiOkResponse({ type: [ProviderDto] })
  // The documented fields only: the stored row's bookkeeping columns stay out of the answer.
  @RouteSchema({ response: { 200: listSchemaOf(ProviderDto) } })
  list(): ProviderDto[] {
    return this.regionsService.listProviders();
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Add a provider (admin), e.g. OVHcloud, before adding its regions' })
  @ApiCreatedResponse({ type: ProviderDto })
  @RouteSchema({ response: { 201: responseSchemaOf(ProviderDto) } })
  @ApiKeyProtected()
  @ApiProblemResponses(400, 409, 413, 415)
  create(@Body() body: CreateProviderRequest): Promise<ProviderDto> {
    return this.providerAdmin.createProvider(body);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: "Change a provider's name, PUE or default egress price (admin)" })
  @ApiOkResponse({ type: ProviderDto })
  @RouteSchema({ response: { 200: responseSchemaOf(ProviderDto) } })
  // The example changes one figure: sampled from the schema, "Try it out" would rename the provider.
  @ApiBody({
    type: UpdateProviderRequest,
    examples: {
      pue: {
        summary: 'A new PUE and its source',
        value: { pue: 1.15, pueSource: 'Amazon sustainability report 2025' },
      },
    },
  })
  @ApiKeyProtected()
  @ApiProblemResponses(400, 404, 413, 415)
  update(@Param() params: ProviderIdParam, @Body() body: UpdateProviderRequest): Promise<ProviderDto> {
    return this.providerAdmin.updateProvider(params.id, body);
  }
}
