import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RecommendationController } from './http/recommendation.controller.js';
import { RecommendationService } from './recommendation.service.js';

@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [RecommendationController],
  providers: [RecommendationService],
  exports: [RecommendationService],
})
export class RecommendationModule {}
