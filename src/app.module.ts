import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './platform/http/api-key.guard.js';
import { LoggerModule } from './platform/logging/logger.module.js';
import { AppConfigModule } from './platform/config/config.module.js';
import type { AppConfig } from './platform/config/env.schema.js';
import { ConsumptionModule } from './consumption/consumption.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { FootprintModule } from './footprint/footprint.module.js';
import { GeoModule } from './geo/geo.module.js';
import { HealthModule } from './health/health.module.js';
import { IntensityModule } from './intensity/intensity.module.js';
import { RecommendationModule } from './recommendation/recommendation.module.js';
import { MetricsCoreModule } from './platform/metrics/metrics-core.module.js';
import { EventsModule } from './platform/events/event-bus.js';
import { dataSourceOptions } from './data-source.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { RootController } from './platform/http/root.controller.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the embedded one started before Nest. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(config),
        EventsModule,
        MetricsCoreModule,
        DatabaseModule.forRoot(databaseUrl, dataSourceOptions(databaseUrl, config.databasePoolSize)),
        GeoModule,
        RegionsModule,
        IntensityModule,
        FootprintModule,
        RecommendationModule,
        ConsumptionModule,
        HealthModule,
        MetricsModule,
      ],
      controllers: [RootController],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
    };
  }
}
