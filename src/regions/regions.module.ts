import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { CatalogueService } from './catalogue.service.js';
import { ProvidersController } from './http/providers.controller.js';
import { RegionsController } from './http/regions.controller.js';
import { CatalogueStore } from './persistence/catalogue.store.js';
import { ProviderAdminService } from './provider-admin.service.js';
import { RegionAdminService } from './region-admin.service.js';
import { RegionsService } from './regions.service.js';

@Module({
  imports: [GeoModule],
  controllers: [ProvidersController, RegionsController],
  providers: [CatalogueStore, CatalogueService, RegionsService, ProviderAdminService, RegionAdminService],
  exports: [CatalogueService, RegionsService],
})
export class RegionsModule {}
