import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { AppConfig } from '../../../platform/config/env.schema.js';
import { EventBus } from '../../../platform/events/event-bus.js';
import { ELECTRICITY_MAPS_CALLED } from '../../intensity.events.js';
import { ElectricityMapsClient } from './electricity-maps.client.js';

export const ELECTRICITY_MAPS_CLIENT = Symbol('ELECTRICITY_MAPS_CLIENT');

export const electricityMapsClientProvider: Provider = {
  provide: ELECTRICITY_MAPS_CLIENT,
  inject: [APP_CONFIG, EventBus],
  useFactory: (config: AppConfig, events: EventBus) =>
    new ElectricityMapsClient({
      baseUrl: config.electricityMapsApiUrl,
      token: config.electricityMapsApiToken,
      timeoutMs: config.electricityMapsTimeoutMs,
      breakerCooldownMs: config.electricityMapsBreakerCooldownSeconds * 1000,
      rateLimitBackoffMs: config.electricityMapsBackoffSeconds * 1000,
      onCall: (event) => events.emit(ELECTRICITY_MAPS_CALLED, event),
    }),
};
