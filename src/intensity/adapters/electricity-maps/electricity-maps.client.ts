import { unhealthyOutcome } from './electricity-maps.errors.js';
import {
  FORECAST_HORIZONS_HOURS,
  PAST_RANGE_MAX_HOURS,
  type CallEvent,
  type CarbonIntensityForecast,
  type CarbonIntensityReading,
  type ElectricityMapsClientOptions,
  type ElectricityMapsHealth,
  type ElectricityMapsStatus,
  type ZoneAccessMap,
} from './electricity-maps.types.js';
import { DataCaller, reportCall, type CallTrace } from './data-caller.js';
import { apiAddress, normalizeZone, splitTimeRange } from './endpoints.js';
import { parseForecast, parseLatest, parseReadingList, parseZones, readTextField } from './parsers.js';
import { RetryPolicy } from './resilience.js';
import { HttpTransport, TransportFailure } from './transport.js';
import { UpstreamState } from './upstream-state.js';

/**
 * Client for the Electricity Maps carbon-intensity API (v3 or v4; the contract it relies on is summarised
 * in docs/ELECTRICITY-MAPS.md). Plain TypeScript: a Nest factory provider wraps it.
 *
 * It owns everything about talking to the upstream: timeouts, retries with jitter, a circuit breaker,
 * rate-limit back-off, remembering what the plan does not cover, and strict validation of the bodies.
 * Every method returns domain objects (Dates, numbers) or throws an ElectricityMapsError whose `kind`
 * tells the caller what to do. It never logs; `onCall` reports each call for metrics.
 *
 * The pieces: endpoints.ts (addressing), transport.ts (one HTTP attempt), resilience.ts (retries,
 * breaker, back-off), upstream-state.ts (what past calls taught), data-caller.ts (one logical call),
 * parsers.ts (bodies), electricity-maps.errors.ts (errors, status mapping).
 */

const HOUR_MS = 3_600_000;

export class ElectricityMapsClient {
  private readonly transport: HttpTransport;
  private readonly state: UpstreamState;
  private readonly caller: DataCaller;
  private readonly healthUrl: string;
  private readonly token: string | undefined;
  private readonly onCall: ((event: CallEvent) => void) | undefined;

  constructor(options: ElectricityMapsClientOptions) {
    const address = apiAddress(options.baseUrl);
    const now = options.now ?? Date.now;
    this.healthUrl = address.healthUrl;
    this.token = options.token?.trim() ? options.token.trim() : undefined;
    this.onCall = options.onCall;
    this.transport = new HttpTransport(options.timeoutMs);
    this.state = new UpstreamState(
      {
        failureThreshold: options.breakerFailureThreshold ?? 5,
        cooldownMs: options.breakerCooldownMs ?? 30_000,
      },
      now,
    );
    this.caller = new DataCaller({
      transport: this.transport,
      retries: new RetryPolicy({
        maxRetries: options.maxRetries ?? 2,
        baseDelayMs: options.retryBaseDelayMs ?? 200,
        random: options.random ?? Math.random,
      }),
      state: this.state,
      address,
      token: this.token,
      rateLimitBackoffMs: options.rateLimitBackoffMs ?? 60_000,
      now,
      onCall: this.onCall,
    });
  }

  get isConfigured(): boolean {
    return this.token !== undefined;
  }

  /** Latest value for the zone (current hour, usually estimated). */
  latest(zone: string): Promise<CarbonIntensityReading> {
    const zoneKey = normalizeZone(zone);
    return this.caller.call({
      endpoint: 'latest',
      zone: zoneKey,
      params: { zone: zoneKey },
      parse: (body) => parseLatest(body, zoneKey),
    });
  }

  /** The trailing 24 hours, ascending; hours without a value are left out (never turned into 0). */
  history(zone: string): Promise<CarbonIntensityReading[]> {
    const zoneKey = normalizeZone(zone);
    return this.caller.call({
      endpoint: 'history',
      zone: zoneKey,
      params: { zone: zoneKey },
      parse: (body) => parseReadingList(body, zoneKey, 'history'),
    });
  }

  /** Hourly forecast from the current hour; throws a RangeError at once for a horizon EM does not offer. */
  forecast(zone: string, horizonHours = 24): Promise<CarbonIntensityForecast> {
    const zoneKey = normalizeZone(zone);
    if (!FORECAST_HORIZONS_HOURS.includes(horizonHours)) {
      throw new RangeError(`horizonHours must be one of ${FORECAST_HORIZONS_HOURS.join(', ')}`);
    }
    return this.caller.call({
      endpoint: 'forecast',
      zone: zoneKey,
      params: { zone: zoneKey, horizonHours: String(horizonHours) },
      parse: (body) => parseForecast(body, zoneKey),
    });
  }

  /**
   * Hourly values in [start, end), ascending. Ranges over 240 h are fetched as consecutive chunks
   * (one after the other, to stay gentle with the rate limit) and merged by datetime.
   */
  pastRange(zone: string, start: Date, end: Date): Promise<CarbonIntensityReading[]> {
    const zoneKey = normalizeZone(zone);
    if (!isValidDate(start) || !isValidDate(end) || start.getTime() >= end.getTime()) {
      throw new RangeError('pastRange needs valid dates with start < end');
    }
    return this.pastRangeInChunks(zoneKey, start, end);
  }

  /** Zones the token may use and what it may read there (docs/ELECTRICITY-MAPS.md#zones-and-entitlements). */
  async zones(): Promise<ZoneAccessMap> {
    const zones = await this.caller.call({ endpoint: 'zones', params: {}, parse: parseZones });
    this.state.forgetCovered(zones);
    return zones;
  }

  /**
   * Unauthenticated liveness probe of the upstream. Never throws, and is kept out of the breaker and the
   * back-off: it must be able to tell "EM is back" while data calls are held.
   */
  async health(): Promise<ElectricityMapsHealth> {
    const startedMs = performance.now();
    const trace: CallTrace = { attempts: 1 };
    try {
      const raw = await this.transport.get(this.healthUrl, {}, {});
      if (raw instanceof TransportFailure) {
        reportCall(this.onCall, 'health', undefined, raw.kind, startedMs, trace);
        return { ok: false };
      }
      trace.status = raw.status;
      const reported = readTextField(raw.body, 'status');
      const ok = raw.status === 200 && reported === 'ok';
      const outcome = ok ? 'success' : unhealthyOutcome(raw.status, reported);
      reportCall(this.onCall, 'health', undefined, outcome, startedMs, trace);
      return reported === undefined ? { ok } : { ok, status: reported };
    } catch {
      return { ok: false };
    }
  }

  status(): ElectricityMapsStatus {
    return this.state.status(this.isConfigured);
  }

  /** Closes pooled sockets (shutdown, tests). */
  close(): void {
    this.transport.close();
  }

  private async pastRangeInChunks(zone: string, start: Date, end: Date): Promise<CarbonIntensityReading[]> {
    const byDatetime = new Map<number, CarbonIntensityReading>();
    for (const chunk of splitTimeRange(start, end, PAST_RANGE_MAX_HOURS * HOUR_MS)) {
      const rows = await this.caller.call({
        endpoint: 'past-range',
        zone,
        params: { zone, start: chunk.start.toISOString(), end: chunk.end.toISOString() },
        parse: (body) => parseReadingList(body, zone, 'data'),
      });
      for (const row of rows) byDatetime.set(row.datetime.getTime(), row);
    }
    return [...byDatetime.values()].sort((a, b) => a.datetime.getTime() - b.datetime.getTime());
  }
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && Number.isFinite(value.getTime());
}
