import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { RecommendationModule } from '../recommendation/recommendation.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { IpCountryDatabase } from './adapters/ip-country-database.js';
import { DecideOperation } from './decide.js';
import { DecisionLog } from './decision-log.js';
import { ServicesStore } from './persistence/services.store.js';
import { ServiceDirectoryStore } from './service-directory.store.js';
import { SessionTable } from './session-table.js';
import { SteeringService } from './steering.service.js';

@Module({
  imports: [GeoModule, RegionsModule, RecommendationModule],
  providers: [
    ServicesStore,
    ServiceDirectoryStore,
    IpCountryDatabase,
    SessionTable,
    DecisionLog,
    DecideOperation,
    SteeringService,
  ],
  exports: [SteeringService],
})
export class SteeringModule {}
