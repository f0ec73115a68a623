import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IntensityModule } from '../intensity/intensity.module.js';
import { OriginHealthModule } from '../origin-health/origin-health.module.js';
import { HealthController } from './http/health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), IntensityModule, OriginHealthModule],
  controllers: [HealthController],
})
export class HealthModule {}
