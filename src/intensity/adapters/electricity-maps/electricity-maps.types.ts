import type { CallOutcome, EndpointName, ErrorKind } from './electricity-maps.errors.js';

/** Public shapes of the Electricity Maps client: its options, what it returns, what it reports. */

export interface ElectricityMapsClientOptions {
  /** Includes the version, e.g. https://api.electricitymaps.com/v3 or http://127.0.0.1:1234/v4. */
  baseUrl: string;
  /** Unset (or blank): not configured, every data call rejects with kind 'not-configured' without HTTP. */
  token?: string;
  /** Deadline of one attempt (connect + answer + body). */
  timeoutMs: number;
  /** Retries after network errors, timeouts and 5xx only. Default 2 (up to 3 attempts). */
  maxRetries?: number;
  /** Full-jitter exponential back-off between attempts: random(0, base × 2^retryIndex). Default 200. */
  retryBaseDelayMs?: number;
  /** Consecutive failed calls (after retries) that open the breaker. Default 5. */
  breakerFailureThreshold?: number;
  /** Time the breaker stays open before it lets one probe call through. Default 30000. */
  breakerCooldownMs?: number;
  /** Back-off after a 429 without Retry-After, or a 401 once the token has worked. Default 60000. */
  rateLimitBackoffMs?: number;
  /** Clock (ms since epoch) for the breaker and back-off; injectable for tests. */
  now?: () => number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
  /**
   * Called once per call (short-circuited ones included; each past-range chunk is a call), for metrics.
   * Exceptions it throws are swallowed.
   */
  onCall?: (event: CallEvent) => void;
}

export interface CallEvent {
  endpoint: EndpointName;
  zone?: string;
  outcome: CallOutcome;
  /** Wall time of the whole call, retries and their delays included. */
  durationMs: number;
  /** HTTP status of the last attempt, when there was an answer. */
  status?: number;
  /** HTTP attempts made: 0 when the call was rejected before any request. */
  attempts: number;
}

/** One hourly (or latest) carbon-intensity value, lifecycle basis. */
export interface CarbonIntensityReading {
  zone: string;
  /** Start of the interval the value is for. */
  datetime: Date;
  gCo2ePerKwh: number;
  isEstimated: boolean;
  estimationMethod: string | null;
  /** When Electricity Maps last recomputed the value; null when the row does not say. */
  updatedAt: Date | null;
}

export interface CarbonIntensityForecastPoint {
  datetime: Date;
  gCo2ePerKwh: number;
}

export interface CarbonIntensityForecast {
  zone: string;
  /** When the forecast was generated. */
  updatedAt: Date | null;
  /** Ascending by datetime, starting at the current hour. */
  points: CarbonIntensityForecastPoint[];
}

export interface ZoneAccess {
  zoneName?: string;
  countryName?: string;
  /** "<signal>/<temporality>" entries, or ["*"] for everything. */
  access: string[];
}

export type ZoneAccessMap = Map<string, ZoneAccess>;

export interface ElectricityMapsHealth {
  ok: boolean;
  /** The `status` field of the answer, when there was one. */
  status?: string;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ElectricityMapsStatus {
  isConfigured: boolean;
  breaker: BreakerState;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  /** The last error that came from the upstream (short-circuited rejections do not overwrite it). */
  lastError: { at: Date; kind: ErrorKind; message: string; endpoint: EndpointName } | null;
  /** Set while a rate-limit back-off runs; null otherwise. */
  backoffUntil: Date | null;
  /** "ZONE signal/temporality" entries the plan was found not to cover, e.g. "FR carbon-intensity/forecast". */
  notEntitled: string[];
  hasSucceeded: boolean;
}

/** Horizons the forecast endpoint accepts (docs/ELECTRICITY-MAPS.md#forecast). */
export const FORECAST_HORIZONS_HOURS: readonly number[] = [6, 24, 48, 72];

/**
 * Longest hourly past-range Electricity Maps answers; longer ranges are rejected, not truncated
 * (docs/ELECTRICITY-MAPS.md#past-range).
 */
export const PAST_RANGE_MAX_HOURS = 240;
