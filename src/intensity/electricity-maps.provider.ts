import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { ElectricityMapsClient } from './electricity-maps.client.js';

export const ELECTRICITY_MAPS_CLIENT = Symbol('ELECTRICITY_MAPS_CLIENT');

export const electricityMapsClientProvider: Provider = {
  provide: ELECTRICITY_MAPS_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new ElectricityMapsClient({
      baseUrl: config.electricityMapsApiUrl,
      token: config.electricityMapsApiToken,
      timeoutMs: config.electricityMapsTimeoutMs,
      breakerCooldownMs: config.electricityMapsBreakerCooldownSeconds * 1000,
      rateLimitBackoffMs: config.electricityMapsBackoffSeconds * 1000,
    }),
};
