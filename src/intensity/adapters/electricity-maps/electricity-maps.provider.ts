import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { AppConfig } from '../../../platform/config/env.schema.js';
import { MetricsService } from '../../../platform/metrics/metrics.service.js';
import { ElectricityMapsClient } from './electricity-maps.client.js';

export const ELECTRICITY_MAPS_CLIENT = Symbol('ELECTRICITY_MAPS_CLIENT');

export const electricityMapsClientProvider: Provider = {
  provide: ELECTRICITY_MAPS_CLIENT,
  inject: [APP_CONFIG, MetricsService],
  useFactory: (config: AppConfig, metrics: MetricsService) =>
    new ElectricityMapsClient({
      baseUrl: config.electricityMapsApiUrl,
      token: config.electricityMapsApiToken,
      timeoutMs: config.electricityMapsTimeoutMs,
      breakerCooldownMs: config.electricityMapsBreakerCooldownSeconds * 1000,
      rateLimitBackoffMs: config.electricityMapsBackoffSeconds * 1000,
      onCall: (event) => metrics.recordElectricityMapsCall(event),
    }),
};
