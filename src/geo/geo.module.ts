import { Module } from '@nestjs/common';
import { CountriesController } from './http/countries.controller.js';
import { GeoService } from './geo.service.js';

@Module({
  controllers: [CountriesController],
  providers: [GeoService],
  exports: [GeoService],
})
export class GeoModule {}
