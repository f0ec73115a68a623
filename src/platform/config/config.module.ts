import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './env.schema.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes the validated configuration injectable as `APP_CONFIG`. The configuration is validated
 * once, before Nest starts (main.ts or the test harness), because the database to use (embedded
 * or DATABASE_URL) must be known before the modules are built; a bad value stops the boot with a
 * message naming the variable.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [APP_CONFIG],
    };
  }
}
