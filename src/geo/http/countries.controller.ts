import { Controller, Get, Param } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { responseSchemaOf } from '../../platform/http/response-schema.js';
import { ApiProblemResponses } from '../../platform/http/api-problem-responses.decorator.js';
import { CountryDto } from './country.dto.js';
import { GeoService } from '../geo.service.js';
import { CountryCodeParam } from './country-code.param.js';

@ApiTags('catalogue')
@Controller('countries')
@ApiProblemResponses(400, 404)
export class CountriesController {
  constructor(private readonly geoService: GeoService) {}

  @Get(':code')
  @ApiOperation({
    summary: 'A country, its default grid zone and its neighbours',
    description:
      'Neighbours are land borders (world-countries, ODbL) plus a documented list of sea neighbours; they define the default `neighbours` eligibility of /recommend.',
  })
  @ApiParam({ name: 'code', description: 'ISO 3166-1 alpha-2 or alpha-3 code, any case', example: 'FR' })
  @ApiOkResponse({ type: CountryDto })
  @RouteSchema({ response: { 200: responseSchemaOf(CountryDto) } })
  getCountry(@Param() params: CountryCodeParam): CountryDto {
    return this.geoService.describeCountry(params.code);
  }
}
