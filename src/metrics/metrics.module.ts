import { Module } from '@nestjs/common';
import { IntensityModule } from '../intensity/intensity.module.js';
import { MetricsSourcesService } from './metrics-sources.service.js';
import { MetricsController } from './metrics.controller.js';

/** GET /metrics and the gauges read at scrape time (the service itself is in MetricsCoreModule). */
@Module({
  imports: [IntensityModule],
  controllers: [MetricsController],
  providers: [MetricsSourcesService],
})
export class MetricsModule {}
