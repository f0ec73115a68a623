import { Module } from '@nestjs/common';
import { SteeringManifestController } from './http/steering-manifest.controller.js';
import { SteerManifestOperation } from './steer-manifest.js';
import { SteeringModule } from './steering.module.js';

/** HLS and DASH content steering for players (docs/CONTENT-STEERING.md), on SteeringService. */
@Module({
  imports: [SteeringModule],
  controllers: [SteeringManifestController],
  providers: [SteerManifestOperation],
})
export class ContentSteeringModule {}
