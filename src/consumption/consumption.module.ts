import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ConsumptionController } from './http/consumption.controller.js';
import { StatsController } from './http/stats.controller.js';
import { IngestViews } from './ingest-views.js';
import { PartitionMaintenanceService } from './jobs/partition-maintenance.service.js';
import { RollupCompactionService } from './jobs/rollup-compaction.service.js';
import { ListViews } from './list-views.js';
import { IdempotencyRepository } from './persistence/idempotency.repository.js';
import { RollupsRepository } from './persistence/rollups.repository.js';
import { ViewsRepository } from './persistence/views.repository.js';
import { ViewStatistics } from './view-statistics.js';

/** Other features observe consumption through consumption.events.ts: nothing is exported. */
@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [ConsumptionController, StatsController],
  providers: [
    ViewsRepository,
    RollupsRepository,
    IdempotencyRepository,
    IngestViews,
    ListViews,
    ViewStatistics,
    PartitionMaintenanceService,
    RollupCompactionService,
  ],
})
export class ConsumptionModule {}
