import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { OriginHealthModule } from '../origin-health/origin-health.module.js';
import { LatencyModule } from '../latency/latency.module.js';
import { RecommendationModule } from '../recommendation/recommendation.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ServicesController } from './http/services.controller.js';
import { VideoController } from './http/video.controller.js';
import { DecisionsController } from './http/decisions.controller.js';
import { ExportDecisionsOperation } from './export-decisions.js';
import { DecisionLogWriter } from './jobs/decision-log-writer.js';
import { DecisionLabeler } from './jobs/decision-labeler.js';
import { DecisionPartitionMaintenance } from './jobs/decision-partitions.js';
import { OriginLoadReporter } from './jobs/origin-load-reporter.js';
import { DecisionLogStore } from './persistence/decision-log.store.js';
import { OriginLoadsStore } from './persistence/origin-loads.store.js';
import { ManageServicesOperation } from './manage-services.js';
import { IpCountryDatabase } from './adapters/ip-country-database.js';
import { DecideOperation } from './decide.js';
import { DecisionLog } from './decision-log.js';
import { ServicesStore } from './persistence/services.store.js';
import { ServiceDirectoryStore } from './service-directory.store.js';
import { SessionTable } from './session-table.js';
import { SteeringService } from './steering.service.js';

@Module({
  imports: [GeoModule, RegionsModule, RecommendationModule, OriginHealthModule, LatencyModule],
  controllers: [ServicesController, VideoController, DecisionsController],
  providers: [
    ManageServicesOperation,
    ExportDecisionsOperation,
    DecisionLogStore,
    OriginLoadsStore,
    DecisionLogWriter,
    DecisionLabeler,
    DecisionPartitionMaintenance,
    OriginLoadReporter,
    ServicesStore,
    ServiceDirectoryStore,
    IpCountryDatabase,
    SessionTable,
    DecisionLog,
    DecideOperation,
    SteeringService,
  ],
  exports: [SteeringService, LatencyModule],
})
export class SteeringModule {}
