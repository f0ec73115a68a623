import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { FootprintController } from './http/footprint.controller.js';
import { FootprintService } from './footprint.service.js';
import { SimulateController } from './http/simulate.controller.js';

@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [FootprintController, SimulateController],
  providers: [FootprintService],
  exports: [FootprintService],
})
export class FootprintModule {}
