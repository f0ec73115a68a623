import type { AppConfig } from '../platform/config/env.schema.js';
import type { MeasurementRules } from './domain/ewma.js';

/** When measurements replace the model, as configured (LATENCY_MIN_SAMPLES, LATENCY_HALF_LIFE_MS, LATENCY_MAX_AGE_MS). */
export function measurementRulesOf(config: AppConfig): MeasurementRules {
  return {
    minSamples: config.latencyMinSamples,
    halfLifeMs: config.latencyHalfLifeMs,
    maxAgeMs: config.latencyMaxAgeMs,
  };
}
