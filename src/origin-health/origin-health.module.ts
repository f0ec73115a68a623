import { Module } from '@nestjs/common';
import { OriginProber } from './jobs/origin-prober.js';
import { OriginHealthService } from './origin-health.service.js';
import { OriginHealthStore } from './persistence/origin-health.store.js';

/** Origin health (docs/LATENCY-AND-HEALTH.md#origin-health): probes, shared state, the in-memory view. */
@Module({
  providers: [OriginHealthStore, OriginHealthService, OriginProber],
  exports: [OriginHealthService],
})
export class OriginHealthModule {}
