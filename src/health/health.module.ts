import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IntensityModule } from '../intensity/intensity.module.js';
import { HealthController } from './http/health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), IntensityModule],
  controllers: [HealthController],
})
export class HealthModule {}
