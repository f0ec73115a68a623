import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/env.schema.js';
import { createAppLogger, PinoLoggerService } from './logging.js';

/** Provides the application's logger; app.factory hands it to Nest with `app.useLogger`. */
@Module({})
export class LoggerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggerModule,
      providers: [{ provide: PinoLoggerService, useValue: new PinoLoggerService(createAppLogger(config)) }],
      exports: [PinoLoggerService],
    };
  }
}
