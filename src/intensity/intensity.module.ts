import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import {
  electricityMapsClientProvider,
  ELECTRICITY_MAPS_CLIENT,
} from './adapters/electricity-maps/electricity-maps.provider.js';
import { CallBudget } from './call-budget.js';
import { IntensityFetcherService } from './intensity-fetcher.service.js';
import { IntensityRefresherService } from './jobs/intensity-refresher.service.js';
import { IntensityController } from './http/intensity.controller.js';
import { IntensityService } from './intensity.service.js';
import { IntensityStore } from './persistence/intensity.store.js';
import { LinkStatusService } from './link-status.service.js';

@Module({
  imports: [GeoModule, RegionsModule],
  controllers: [IntensityController],
  providers: [
    electricityMapsClientProvider,
    IntensityStore,
    IntensityFetcherService,
    CallBudget,
    IntensityService,
    IntensityRefresherService,
    LinkStatusService,
  ],
  exports: [IntensityService, LinkStatusService, ELECTRICITY_MAPS_CLIENT],
})
export class IntensityModule {}
