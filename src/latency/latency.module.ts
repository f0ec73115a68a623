import { Module } from '@nestjs/common';
import { GeoModule } from '../geo/geo.module.js';
import { IntensityModule } from '../intensity/intensity.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { LatencyController } from './http/latency.controller.js';
import { IngestSamplesOperation } from './ingest-samples.js';
import { LatencyRefresher } from './jobs/latency-refresher.js';
import { LatencyService } from './latency.service.js';
import { LatencyStore } from './persistence/latency.store.js';
import { ShowLatencyOperation } from './show-latency.js';

/** Measured latency (docs/LATENCY.md): samples in, shared aggregates, the matrix in force. */
@Module({
  imports: [GeoModule, RegionsModule, IntensityModule],
  controllers: [LatencyController],
  providers: [LatencyStore, LatencyService, IngestSamplesOperation, ShowLatencyOperation, LatencyRefresher],
  exports: [LatencyService],
})
export class LatencyModule {}
