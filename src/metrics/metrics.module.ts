import { Module } from '@nestjs/common';
import { ConsumptionModule } from '../consumption/consumption.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RecommendationModule } from '../recommendation/recommendation.module.js';
import { MetricsSourcesService } from './metrics-sources.service.js';
import { MetricsController } from '../platform/metrics/metrics.controller.js';

/** GET /metrics, the gauges read at scrape time and the features' counters (the service itself is in MetricsCoreModule). */
@Module({
  imports: [IntensityModule, RecommendationModule, ConsumptionModule],
  controllers: [MetricsController],
  providers: [MetricsSourcesService],
})
export class MetricsModule {}
