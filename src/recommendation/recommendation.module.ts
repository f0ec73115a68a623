import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { LatencyModule } from '../latency/latency.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { BestWindowOperation } from './best-window.js';
import { RecommendationController } from './http/recommendation.controller.js';
import { PreparedCatalogueStore } from './prepared-catalogue.js';
import { RecommendOperation } from './recommend.js';
import { RecommendationService } from './recommendation.service.js';

@Module({
  imports: [GeoModule, RegionsModule, IntensityModule, LatencyModule],
  controllers: [RecommendationController],
  providers: [PreparedCatalogueStore, RecommendOperation, BestWindowOperation, RecommendationService],
  exports: [RecommendationService],
})
export class RecommendationModule {}
