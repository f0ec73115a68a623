import {
  ElectricityMapsError,
  kindOfErrorStatus,
  unhealthyOutcome,
  type CallOutcome,
  type EndpointName,
  type ErrorKind,
} from './electricity-maps.errors.js';
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
import {
  BodyRejectedError,
  parseForecast,
  parseJson,
  parseLatest,
  parseReadingList,
  parseZones,
  readTextField,
} from './parsers.js';
import {
  apiAddress,
  normalizeZone,
  SIGNAL_PATHS,
  splitTimeRange,
  type ApiAddress,
  type DataEndpoint,
} from './endpoints.js';
import { RetryPolicy, retryAfterMs } from './resilience.js';
import { HttpTransport, TransportFailure, type RawResponse } from './transport.js';
import { UpstreamState } from './upstream-state.js';

/**
 * Client for the Electricity Maps carbon-intensity API (v3 or v4; the contract it relies on is summarised
 * in docs/ELECTRICITY-MAPS.md). Plain TypeScript: a Nest factory provider wraps it.
 *
 * It owns everything about talking to the upstream: timeouts, retries with jitter, a circuit breaker,
 * rate-limit back-off, remembering what the plan does not cover, and strict validation of the bodies.
 * Every method returns domain objects (Dates, numbers) or throws an ElectricityMapsError whose `kind`
 * tells the caller what to do. It never logs; `onCall` reports each call for metrics.
 */

const HOUR_MS = 3_600_000;

interface DataRequest<T> {
  endpoint: DataEndpoint;
  zone?: string;
  params: Record<string, string>;
  parse: (body: unknown) => T;
}

interface CallTrace {
  attempts: number;
  status?: number;
}

export class ElectricityMapsClient {
  private readonly transport: HttpTransport;
  private readonly retries: RetryPolicy;
  private readonly state: UpstreamState;
  private readonly address: ApiAddress;
  private readonly token: string | undefined;
  private readonly rateLimitBackoffMs: number;
  private readonly now: () => number;
  private readonly onCall: ((event: CallEvent) => void) | undefined;

  constructor(options: ElectricityMapsClientOptions) {
    this.address = apiAddress(options.baseUrl);
    this.token = options.token?.trim() ? options.token.trim() : undefined;
    this.rateLimitBackoffMs = options.rateLimitBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.onCall = options.onCall;
    this.transport = new HttpTransport(options.timeoutMs);
    this.retries = new RetryPolicy({
      maxRetries: options.maxRetries ?? 2,
      baseDelayMs: options.retryBaseDelayMs ?? 200,
      random: options.random ?? Math.random,
    });
    this.state = new UpstreamState(
      {
        failureThreshold: options.breakerFailureThreshold ?? 5,
        cooldownMs: options.breakerCooldownMs ?? 30_000,
      },
      this.now,
    );
  }

  get isConfigured(): boolean {
    return this.token !== undefined;
  }

  /** Latest value for the zone (current hour, usually estimated). */
  latest(zone: string): Promise<CarbonIntensityReading> {
    const zoneKey = normalizeZone(zone);
    return this.call({
      endpoint: 'latest',
      zone: zoneKey,
      params: { zone: zoneKey },
      parse: (body) => parseLatest(body, zoneKey),
    });
  }

  /** The trailing 24 hours, ascending; hours without a value are left out (never turned into 0). */
  history(zone: string): Promise<CarbonIntensityReading[]> {
    const zoneKey = normalizeZone(zone);
    return this.call({
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
    return this.call({
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

  /** Zones the token may use and what it may read there (docs/ELECTRICITY-MAPS.md). */
  async zones(): Promise<ZoneAccessMap> {
    const zones = await this.call({ endpoint: 'zones', params: {}, parse: parseZones });
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
      const raw = await this.transport.get(this.address.healthUrl, {}, {});
      if (raw instanceof TransportFailure) {
        this.report('health', undefined, raw.kind, startedMs, trace);
        return { ok: false };
      }
      trace.status = raw.status;
      const reported = readTextField(raw.body, 'status');
      const ok = raw.status === 200 && reported === 'ok';
      const outcome = ok ? 'success' : unhealthyOutcome(raw.status, reported);
      this.report('health', undefined, outcome, startedMs, trace);
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
      const rows = await this.call({
        endpoint: 'past-range',
        zone,
        params: { zone, start: chunk.start.toISOString(), end: chunk.end.toISOString() },
        parse: (body) => parseReadingList(body, zone, 'data'),
      });
      for (const row of rows) byDatetime.set(row.datetime.getTime(), row);
    }
    return [...byDatetime.values()].sort((a, b) => a.datetime.getTime() - b.datetime.getTime());
  }

  /** One logical call: short-circuits, breaker admission, HTTP with retries, classification, bookkeeping. */
  private async call<T>(request: DataRequest<T>): Promise<T> {
    const startedMs = performance.now();
    const trace: CallTrace = { attempts: 0 };
    const rejection = this.shortCircuit(request);
    if (rejection) {
      this.report(request.endpoint, request.zone, rejection.kind, startedMs, trace);
      throw rejection;
    }
    const isProbe = this.state.startCall();
    try {
      const raw = await this.fetchWithRetries(request, trace);
      const value = this.interpret(request, raw);
      this.state.recordSuccess();
      this.report(request.endpoint, request.zone, 'success', startedMs, trace);
      return value;
    } catch (error) {
      const failure =
        error instanceof ElectricityMapsError
          ? error
          : this.error(request, 'malformed', `unexpected client failure: ${describe(error)}`);
      this.state.recordFailure(request.endpoint, request.zone, failure);
      this.report(request.endpoint, request.zone, failure.kind, startedMs, trace);
      throw failure;
    } finally {
      if (isProbe) this.state.endProbe();
    }
  }

  /** Rejections decided without HTTP, most specific first. */
  private shortCircuit(request: DataRequest<unknown>): ElectricityMapsError | undefined {
    if (!this.isConfigured) {
      return this.error(request, 'not-configured', 'no API token configured');
    }
    const hold = this.state.holdOf(request.endpoint, request.zone);
    return hold && this.error(request, hold.kind, hold.detail, { retryAt: hold.retryAt });
  }

  /** Retries network errors, timeouts and 5xx; any other answer is final. */
  private async fetchWithRetries(request: DataRequest<unknown>, trace: CallTrace): Promise<RawResponse> {
    const url = `${this.address.apiBaseUrl}/${SIGNAL_PATHS[request.endpoint]}`;
    const params =
      request.endpoint === 'zones' ? {} : { ...request.params, ...this.address.callerLookupParams };
    const headers: Record<string, string> = this.token === undefined ? {} : { 'auth-token': this.token };
    const result = await this.retries.run(
      async (attempt) => {
        trace.attempts = attempt;
        const answer = await this.transport.get(url, params, headers);
        if (!(answer instanceof TransportFailure)) trace.status = answer.status;
        return answer;
      },
      (answer) =>
        answer instanceof TransportFailure
          ? answer.kind === 'network' || answer.kind === 'timeout'
          : answer.status >= 500,
    );
    if (result instanceof TransportFailure) throw this.error(request, result.kind, result.detail);
    return result;
  }

  /** Maps the final answer to a value or an error (statuses: docs/ELECTRICITY-MAPS.md). */
  private interpret<T>(request: DataRequest<T>, raw: RawResponse): T {
    const { status } = raw;
    if (status >= 200 && status < 300) {
      try {
        return request.parse(parseJson(raw.body));
      } catch (error) {
        if (error instanceof BodyRejectedError)
          throw this.error(request, error.kind, error.message, { status });
        throw error;
      }
    }
    const apiError = readTextField(raw.body, 'error');
    const said = apiError ? `: ${this.redact(apiError).slice(0, 200)}` : '';
    const kind = kindOfErrorStatus(status, apiError, this.state.hasSucceeded);
    if (kind !== 'rate-limited') throw this.error(request, kind, `HTTP ${status}${said}`, { status });
    // A 429 may say when to come back; a 401/403 read as throttling never does.
    const nowMs = this.now();
    const waitMs =
      status === 429 ? retryAfterMs(raw.retryAfter, nowMs, this.rateLimitBackoffMs) : this.rateLimitBackoffMs;
    const note = status === 429 ? '' : ' after earlier successes';
    throw this.error(request, kind, `HTTP ${status}${note}${said}`, {
      status,
      retryAt: new Date(nowMs + waitMs),
    });
  }

  private report(
    endpoint: EndpointName,
    zone: string | undefined,
    outcome: CallOutcome,
    startedMs: number,
    trace: CallTrace,
  ): void {
    if (!this.onCall) return;
    try {
      this.onCall({
        endpoint,
        ...(zone === undefined ? {} : { zone }),
        outcome,
        durationMs: performance.now() - startedMs,
        ...(trace.status === undefined ? {} : { status: trace.status }),
        attempts: trace.attempts,
      });
    } catch {
      // Metrics must never break a data call.
    }
  }

  private error(
    context: { endpoint: EndpointName; zone?: string },
    kind: ErrorKind,
    detail: string,
    extra: { status?: number; retryAt?: Date } = {},
  ): ElectricityMapsError {
    const where = context.zone === undefined ? context.endpoint : `${context.endpoint} ${context.zone}`;
    return new ElectricityMapsError(this.redact(`Electricity Maps ${where}: ${detail}`), {
      kind,
      endpoint: context.endpoint,
      zone: context.zone,
      ...extra,
    });
  }

  /** Belt and braces: upstream text is echoed into messages, and the token must never appear in them. */
  private redact(text: string): string {
    return this.token === undefined ? text : text.split(this.token).join('[redacted]');
  }
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && Number.isFinite(value.getTime());
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
