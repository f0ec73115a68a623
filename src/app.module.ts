import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './platform/http/api-key.guard.js';
import { LoggerModule } from './platform/logging/logger.module.js';
import { AppConfigModule } from './platform/config/config.module.js';
import type { AppConfig } from './platform/config/env.schema.js';
import { ConsumptionModule } from './consumption/consumption.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import type { RunningDatabase } from './platform/database/embedded-postgres.js';
import { FootprintModule } from './footprint/footprint.module.js';
import { GeoModule } from './geo/geo.module.js';
import { HealthModule } from './health/health.module.js';
import { IntensityModule } from './intensity/intensity.module.js';
import { LatencyModule } from './latency/latency.module.js';
import { RecommendationModule } from './recommendation/recommendation.module.js';
import { MetricsCoreModule } from './platform/metrics/metrics-core.module.js';
import { EventsModule } from './platform/events/event-bus.js';
import { dataSourceOptions } from './data-source.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { SteeringModule } from './steering/steering.module.js';
import { ContentSteeringModule } from './steering/content-steering.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the embedded one started before Nest. */
  databaseUrl: string;
  /** The embedded PostgreSQL, when it is the one (the database supervisor restarts it if it dies). */
  database?: RunningDatabase;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, database }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(config),
        EventsModule,
        MetricsCoreModule,
        DatabaseModule.forRoot(
          databaseUrl,
          dataSourceOptions(databaseUrl, config.databasePoolSize),
          database,
        ),
        GeoModule,
        RegionsModule,
        IntensityModule,
        FootprintModule,
        RecommendationModule,
        LatencyModule,
        ConsumptionModule,
        SteeringModule,
        ContentSteeringModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
    };
  }
}
