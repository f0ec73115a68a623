import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { MS_PER_HOUR } from '../platform/kernel/time.js';

/**
 * The Electricity Maps calls this instance may make per hour (ELECTRICITY_MAPS_CALLS_PER_HOUR),
 * shared by the background refresh and the on-demand fetches of zones outside the catalogue
 * (docs/ELECTRICITY-MAPS.md#background-refresh-and-first-use).
 */
@Injectable()
export class CallBudget {
  private readonly callTimes: number[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** True, and the call counted, when one more call fits in the last hour. */
  take(now = Date.now()): boolean {
    const hourAgo = now - MS_PER_HOUR;
    while (this.callTimes.length > 0 && (this.callTimes[0] ?? 0) < hourAgo) this.callTimes.shift();
    if (this.callTimes.length >= this.config.electricityMapsCallsPerHour) return false;
    this.callTimes.push(now);
    return true;
  }
}
