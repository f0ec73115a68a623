import { Module } from '@nestjs/common';
import { IntensityModule } from '../intensity/intensity.module.js';
import { MetricsController } from '../platform/metrics/metrics.controller.js';
import { MetricsSourcesService } from './metrics-sources.service.js';
import { SteeringModule } from '../steering/steering.module.js';
import { OriginHealthModule } from '../origin-health/origin-health.module.js';
import { LatencyModule } from '../latency/latency.module.js';

/**
 * GET /metrics and the features' series, fed by their events (the registry itself is the
 * MetricsService of MetricsCoreModule in platform/).
 */
@Module({
  imports: [IntensityModule, SteeringModule, OriginHealthModule, LatencyModule],
  controllers: [MetricsController],
  providers: [MetricsSourcesService],
})
export class MetricsModule {}
