import { RouteSchema } from '@nestjs/platform-fastify';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../../platform/http/api-key.guard.js';
import { ApiKeyProtected, ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { OriginDto, ServiceDto, ServiceListDto } from '../contract/service.dto.js';
import { ManageServicesOperation } from '../manage-services.js';
import { OriginParam, ServiceParam } from './service-params.js';
import {
  CreateOriginRequest,
  CreateServiceRequest,
  UpdateOriginRequest,
  UpdateServiceRequest,
} from './service-write.dto.js';

@ApiTags('steering')
@Controller('services')
@ApiProblemResponses(400)
export class ServicesController {
  constructor(private readonly services: ManageServicesOperation) {}

  @Get()
  @ApiOperation({ summary: 'List delivery services with their origins (served from memory)' })
  @ApiOkResponse({ type: ServiceListDto })
  @RouteSchema({ response: { 200: responseSchemaOf(ServiceListDto) } })
  list(): ServiceListDto {
    return this.services.listServices();
  }

  @Get(':service')
  @ApiOperation({ summary: 'One delivery service with its origins' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiProblemResponses(404)
  @RouteSchema({ response: { 200: responseSchemaOf(ServiceDto) } })
  get(@Param() params: ServiceParam): ServiceDto {
    return this.services.getService(params.service);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Add a delivery service (admin)' })
  @ApiCreatedResponse({ type: ServiceDto })
  @ApiKeyProtected()
  @ApiProblemResponses(409, 413, 415)
  create(@Body() body: CreateServiceRequest): Promise<ServiceDto> {
    return this.services.createService(body);
  }

  @Patch(':service')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a delivery service (admin); fields not given stay as they are' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiKeyProtected()
  @ApiProblemResponses(404, 413, 415)
  update(@Param() params: ServiceParam, @Body() body: UpdateServiceRequest): Promise<ServiceDto> {
    return this.services.updateService(params.service, body);
  }

  @Delete(':service')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a delivery service and its origins (admin)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiKeyProtected()
  @ApiProblemResponses(404)
  async remove(@Param() params: ServiceParam): Promise<void> {
    await this.services.deleteService(params.service);
  }

  @Post(':service/origins')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Add an origin to a delivery service (admin)',
    description:
      'The region must be in the catalogue; the URL template is checked now (an http(s) URL with `{videoId}`, optionally `{region}` and `{path}`).',
  })
  @ApiCreatedResponse({ type: OriginDto })
  @ApiKeyProtected()
  @ApiProblemResponses(404, 409, 413, 415)
  createOrigin(@Param() params: ServiceParam, @Body() body: CreateOriginRequest): Promise<OriginDto> {
    return this.services.createOrigin(params.service, body);
  }

  @Patch(':service/origins/:origin')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change an origin (admin); fields not given stay as they are' })
  @ApiOkResponse({ type: OriginDto })
  @ApiKeyProtected()
  @ApiProblemResponses(404, 409, 413, 415)
  updateOrigin(@Param() params: OriginParam, @Body() body: UpdateOriginRequest): Promise<OriginDto> {
    return this.services.updateOrigin(params.service, params.origin, body);
  }

  @Delete(':service/origins/:origin')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an origin (admin)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiKeyProtected()
  @ApiProblemResponses(404)
  async removeOrigin(@Param() params: OriginParam): Promise<void> {
    await this.services.deleteOrigin(params.service, params.origin);
  }
}
