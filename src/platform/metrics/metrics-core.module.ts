import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/** The one MetricsService of the app, injectable anywhere (features record into it). */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsCoreModule {}
