import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { EstimateFootprintOperation } from './estimate-footprint.js';
import { FootprintController } from './http/footprint.controller.js';
import { SimulateController } from './http/simulate.controller.js';
import { SimulateOperation } from './simulate.js';

@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [FootprintController, SimulateController],
  providers: [EstimateFootprintOperation, SimulateOperation],
})
export class FootprintModule {}
