import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ConsumptionQueryService } from './consumption-query.service.js';
import { ConsumptionController } from './http/consumption.controller.js';
import { ConsumptionService } from './consumption.service.js';
import { ConsumptionStore } from './persistence/consumption.store.js';
import { PartitionMaintenanceService } from './jobs/partition-maintenance.service.js';
import { RollupCompactionService } from './jobs/rollup-compaction.service.js';
import { StatsController } from './http/stats.controller.js';

@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [ConsumptionController, StatsController],
  providers: [
    ConsumptionStore,
    ConsumptionService,
    ConsumptionQueryService,
    PartitionMaintenanceService,
    RollupCompactionService,
  ],
  exports: [ConsumptionService, RollupCompactionService],
})
export class ConsumptionModule {}
