import { Module } from '@nestjs/common';
import { CountriesController } from './http/countries.controller.js';
import { GeoService } from './geo.service.js';
import { GeoStore } from './persistence/geo.store.js';

@Module({
  controllers: [CountriesController],
  providers: [GeoStore, GeoService],
  exports: [GeoService],
})
export class GeoModule {}
