import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electricityMaps } from '@tgwf/co2/data';

/**
 * A local, deterministic stand-in for the Electricity Maps API: a real HTTP server on 127.0.0.1 that follows
 * the contract in docs/ELECTRICITY-MAPS.md (routes, auth, error bodies, shapes) and can
 * be told to fail in the ways the real one does. Used by tests and, through fake-electricity-maps.cli.ts, by
 * people running GreenStream without an API key.
 *
 * Choices where the real behaviour is unconfirmed (docs/ELECTRICITY-MAPS.md#the-local-fake):
 * - unknown zone key → 404 {"error":"Zone 'X' does not exist"};
 * - no zone, lat/lon or data-centre parameters → 400 (the real API would geolocate the caller's IP);
 * - past/past-range starting in the future → 400; past-range never returns hours after the current one;
 * - only hourly granularity; 429 bodies are {"error":"Too many requests"} with Retry-After: 2.
 */

export type FakeFault =
  | 'refuse-connections'
  | 'slow'
  | 'server-error'
  | 'invalid-token'
  | 'not-entitled'
  | 'rate-limit'
  | 'no-data'
  | 'malformed';

export type FakeEndpoint = 'latest' | 'history' | 'forecast' | 'past' | 'past-range' | 'zones' | 'health';

export interface FakeFaultScope {
  zone?: string;
  endpoint?: FakeEndpoint;
  /** Only the next N matching calls; then the fault removes itself. */
  times?: number;
  /** For 'rate-limit': the Retry-After header to send; null sends none. Default '2' (seconds). */
  retryAfter?: string | null;
}

export interface FakeCall {
  /** 'v3' or 'v4'; '' for /health and paths outside the API. */
  version: string;
  /** 'latest', 'history', 'forecast', 'past', 'past-range', 'zones', 'health', or the unknown path. */
  endpoint: string;
  /** The zone asked for (or resolved from lat/lon or a data centre). */
  zone?: string;
  query: Record<string, string>;
  /** 0 until answered, and for calls whose connection was reset. */
  status: number;
  at: Date;
  /** The auth-token header, so tests can check the client sends it. */
  authToken?: string;
}

export interface FakeElectricityMapsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Tokens the fake accepts. Default ['fake-token']. */
  tokens?: string[];
  /** The fake's clock: decides the current hour. */
  now?: () => Date;
  /** Delay of the 'slow' fault. Default 10000. */
  slowMs?: number;
}

export const DEFAULT_FAKE_TOKEN = 'fake-token';

export const DEFAULT_FAKE_ACCESS: readonly string[] = [
  'carbon-intensity/latest',
  'carbon-intensity/history',
  'carbon-intensity/forecast',
  'carbon-intensity/past-range',
];

/** Zones served besides those of the region catalogue: country aggregates and zones tests like to use. */
const EXTRA_ZONES = [
  'FR',
  'DE',
  'NL',
  'BE',
  'ES',
  'IT',
  'GB',
  'JP',
  'KR',
  'US',
  'CA',
  'AU',
  'IN',
  'BR',
  'SE',
  'NO',
  'DK',
  'DK-DK1',
  'US-NY-NYIS',
  'US-NE-ISNE',
  'US-TEN-TVA',
];

const FORECAST_HORIZONS_HOURS = [6, 24, 48, 72];
const PAST_RANGE_MAX_HOURS = 240;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The fake's data were "recomputed" this long before its clock's now. */
const UPDATED_AGO_MS = 5 * MINUTE_MS;
/** Fallback base when @tgwf/co2 has no yearly value for the zone. */
const UNKNOWN_ZONE_BASE_G_PER_KWH = 300;
/** emissionFactorType=direct leaves out upstream emissions: scaled by a round 0.8, a fake choice (docs/ELECTRICITY-MAPS.md#the-local-fake). */
const DIRECT_FACTOR = 0.8;

const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

// Error bodies as Electricity Maps sends them (docs/ELECTRICITY-MAPS.md#errors-and-what-they-mean).
const MISSING_TOKEN_BODY = {
  error: 'Invalid auth-token',
  message:
    'Please provide a valid authentication header. See https://portal.electricitymaps.com/docs/getting-started#authorization for details',
};
const INVALID_TOKEN_BODY = {
  error: 'Invalid auth-token',
  message:
    'The provided token is invalid. If this token used to work, please visit https://help.electricitymaps.com to get support',
};
const SERVER_ERROR_BODY = { error: 'Internal Server Error' };

function notEntitledBody(zone: string, requestType: string, dataType: string): Record<string, string> {
  return {
    error: `Request unauthorized for zoneKey=${zone},requestType=${requestType},dataType=${dataType}.`,
    message:
      'You do not have access to this specific endpoint for this specific zone. Please visit https://help.electricitymaps.com if this is a mistake',
  };
}

function noDataBody(zone: string): Record<string, string> {
  return { error: `No recent data for zone "${zone}"` };
}

type ScriptedIntensity = number | null | ((hourStart: Date) => number | null);

interface FaultRule extends FakeFaultScope {
  fault: FakeFault;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface CatalogueRegion {
  provider: string;
  code: string;
  zone: string;
  latitude: number;
  longitude: number;
}

interface Route {
  version: '' | 'v3' | 'v4';
  /** Temporality for carbon-intensity routes, 'zones', 'health', or the unknown path. */
  endpoint: string;
  isKnown: boolean;
}

const DATA_ENDPOINTS = new Set(['latest', 'history', 'forecast', 'past', 'past-range']);

export class FakeElectricityMaps {
  readonly calls: FakeCall[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly slowTimers = new Set<NodeJS.Timeout>();
  private readonly tokens: ReadonlySet<string>;
  private readonly clock: () => Date;
  private readonly slowMs: number;
  private readonly host: string;
  private port: number;
  private readonly zoneNames: ReadonlyMap<string, { zoneName: string; countryName?: string }>;
  private readonly regions: readonly CatalogueRegion[];
  private readonly scripts = new Map<string, ScriptedIntensity>();
  private entitledZones: ReadonlySet<string> | '*' = '*';
  private entitledAccess: readonly string[] = DEFAULT_FAKE_ACCESS;
  private rules: FaultRule[] = [];
  /** Serialises closing and re-opening the listener for 'refuse-connections'. */
  private transition: Promise<void> = Promise.resolve();
  private isStopped = false;

  private constructor(options: FakeElectricityMapsOptions, regions: CatalogueRegion[]) {
    this.tokens = new Set(options.tokens ?? [DEFAULT_FAKE_TOKEN]);
    this.clock = options.now ?? (() => new Date());
    this.slowMs = options.slowMs ?? 10_000;
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.regions = regions;
    this.zoneNames = buildZoneNames([...regions.map((region) => region.zone), ...EXTRA_ZONES]);
    this.server = http.createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: FakeElectricityMapsOptions = {}): Promise<FakeElectricityMaps> {
    const fake = new FakeElectricityMaps(options, await loadCatalogueRegions());
    await fake.listen();
    return fake;
  }

  get origin(): string {
    return `http://${this.host}:${this.port}`;
  }

  baseUrl(version: 'v3' | 'v4' = 'v3'): string {
    return `${this.origin}/${version}`;
  }

  /** Every zone key the fake knows, sorted. */
  get zoneKeys(): string[] {
    return [...this.zoneNames.keys()].sort();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    for (const timer of this.slowTimers) clearTimeout(timer);
    this.slowTimers.clear();
    await this.transition.catch(() => undefined);
    await this.closeListener();
  }

  // --- data -------------------------------------------------------------------------------------------

  /**
   * The value served for the hour containing `datetime` (lifecycle basis): the scripted value if any, else
   * round(base × (1 + 0.25 × sin(2π × (hourOfDayUTC − 6) / 24))), base = the zone's Electricity Maps 2025
   * yearly average from @tgwf/co2 (300 when unknown). Throws for an hour scripted as null.
   */
  intensityAt(zone: string, datetime: Date): number {
    const hourStart = floorToHour(datetime);
    const value = this.servedIntensity(zone, hourStart);
    if (value === null) throw new Error(`${zone} has no value at ${hourStart.toISOString()} (scripted null)`);
    return value;
  }

  /** Overrides the curve for a zone; a function may return null to serve `carbonIntensity: null` rows. */
  setIntensity(zone: string, value: ScriptedIntensity): void {
    this.scripts.set(zone, value);
  }

  clearIntensities(): void {
    this.scripts.clear();
  }

  /** Replaces what the token(s) may read: these zones (or all), each with this access list. */
  entitle(zones: string[] | '*', access: string[] = [...DEFAULT_FAKE_ACCESS]): void {
    this.entitledZones = zones === '*' ? '*' : new Set(zones);
    this.entitledAccess = [...access];
  }

  // --- faults -----------------------------------------------------------------------------------------

  /**
   * Adds a fault for the scope (replacing one with the same zone and endpoint); `null` clears the scope's
   * fault, or every fault when no zone/endpoint is given. The newest matching fault wins.
   *
   * 'refuse-connections' without zone, endpoint or times closes the listening socket (and open keep-alive
   * sockets), so connections are really refused; clearing it listens again on the same port. The promise
   * settles once that has happened. Scoped or counted, it resets matching connections instead (the fake
   * cannot know the zone of a connection it refuses).
   */
  setFault(fault: FakeFault | null, scope: FakeFaultScope = {}): Promise<void> {
    const isSameScope = (rule: FaultRule): boolean =>
      rule.zone === scope.zone && rule.endpoint === scope.endpoint;
    if (fault === null && scope.zone === undefined && scope.endpoint === undefined) {
      this.rules = [];
    } else {
      this.rules = this.rules.filter((rule) => !isSameScope(rule));
      if (fault !== null) this.rules.push({ fault, ...scope });
    }
    return this.reconcileListener();
  }

  /** Resolves once the listener matches the faults set so far. */
  settle(): Promise<void> {
    return this.transition;
  }

  // --- call log ---------------------------------------------------------------------------------------

  callCount(endpoint?: string, zone?: string): number {
    return this.calls.filter(
      (call) =>
        (endpoint === undefined || call.endpoint === endpoint) && (zone === undefined || call.zone === zone),
    ).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  // --- listener ---------------------------------------------------------------------------------------

  private reconcileListener(): Promise<void> {
    this.transition = this.transition
      .catch(() => undefined)
      .then(() => {
        if (this.isStopped) return undefined;
        const isRefusing = this.rules.some(
          (rule) =>
            rule.fault === 'refuse-connections' &&
            rule.zone === undefined &&
            rule.endpoint === undefined &&
            rule.times === undefined,
        );
        return isRefusing ? this.closeListener() : this.listen();
      });
    return this.transition;
  }

  private listen(): Promise<void> {
    if (this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        // Remember the port picked for 0 so a re-listen after 'refuse-connections' uses the same one.
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    if (!this.server.listening) {
      this.destroySockets();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // close() waits for open connections; keep-alive ones would hold it (and the port) forever.
      this.destroySockets();
    });
  }

  private destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  // --- request handling -------------------------------------------------------------------------------

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const query = Object.fromEntries(url.searchParams);
    const route = parseRoute(url.pathname);
    const tokenHeader = request.headers['auth-token'];
    const authToken = typeof tokenHeader === 'string' ? tokenHeader : undefined;
    const zone = DATA_ENDPOINTS.has(route.endpoint) ? this.resolveZone(query) : undefined;
    const call: FakeCall = {
      version: route.version,
      endpoint: route.endpoint,
      ...(zone === undefined ? {} : { zone }),
      query,
      status: 0,
      at: this.clock(),
      ...(authToken === undefined ? {} : { authToken }),
    };
    this.calls.push(call);

    const answerNow = (rule: FaultRule | undefined): void => {
      const answer =
        request.method !== 'GET'
          ? { status: 405, body: { error: 'Method not allowed' } }
          : this.answer(route, query, authToken, zone);
      this.send(response, call, rule === undefined ? answer : applyFault(rule, answer, route, zone));
    };

    const rule = this.takeFault(route, zone);
    const fault = rule?.fault;
    if (fault === 'refuse-connections') {
      request.socket.destroy();
      return;
    }
    if (fault === 'slow') {
      const timer = setTimeout(() => {
        this.slowTimers.delete(timer);
        answerNow(undefined);
      }, this.slowMs);
      this.slowTimers.add(timer);
      return;
    }
    answerNow(rule);
  }

  /** The newest fault whose scope matches and which makes sense for the route; counts `times` down. */
  private takeFault(route: Route, zone: string | undefined): FaultRule | undefined {
    for (let index = this.rules.length - 1; index >= 0; index -= 1) {
      const rule = this.rules[index];
      if (!rule) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== route.endpoint) continue;
      if (rule.zone !== undefined && rule.zone !== zone) continue;
      if (!faultAppliesTo(rule.fault, route)) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules.splice(index, 1);
      }
      return rule;
    }
    return undefined;
  }

  private send(response: http.ServerResponse, call: FakeCall, answer: Answer): void {
    call.status = answer.status;
    // A client that timed out (or a refuse fault) may have torn the socket down meanwhile.
    if (response.destroyed || response.writableEnded) return;
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      ...answer.headers,
    });
    response.end(body);
  }

  private answer(
    route: Route,
    query: Record<string, string>,
    authToken: string | undefined,
    zone?: string,
  ): Answer {
    if (!route.isKnown) return { status: 404, body: { error: 'Not found' } };
    if (route.endpoint === 'health')
      return { status: 200, body: { status: 'ok', monitors: { state: 'ok' } } };
    if (route.endpoint === 'zones') return this.answerZones(route, authToken);

    if (authToken === undefined) return { status: 401, body: MISSING_TOKEN_BODY };
    if (!this.tokens.has(authToken)) return { status: 401, body: INVALID_TOKEN_BODY };
    if (zone === undefined) {
      return {
        status: 400,
        body: {
          error:
            'Missing or invalid location: provide zone, lat and lon, or dataCenterProvider and dataCenterRegion',
        },
      };
    }
    if (!this.zoneNames.has(zone)) return { status: 404, body: { error: `Zone '${zone}' does not exist` } };
    if (!this.isEntitled(zone, `carbon-intensity/${route.endpoint}`)) {
      return { status: 401, body: notEntitledBody(zone, route.endpoint, 'carbon-intensity') };
    }
    const granularity = query.temporalGranularity ?? 'hourly';
    if (granularity !== 'hourly') {
      return { status: 400, body: { error: `The fake only serves hourly data, not "${granularity}"` } };
    }
    const emissionFactorType = query.emissionFactorType ?? 'lifecycle';
    if (emissionFactorType !== 'lifecycle' && emissionFactorType !== 'direct') {
      return { status: 400, body: { error: 'Valid emission factor types are: lifecycle, direct' } };
    }
    const context: RowContext = {
      zone,
      version: route.version,
      emissionFactorType,
      nowMs: this.clock().getTime(),
      isEstimationDisabled: query.disableEstimations === 'true',
    };
    switch (route.endpoint) {
      case 'latest':
        return this.answerLatest(context);
      case 'history':
        return this.answerHistory(context);
      case 'forecast':
        return this.answerForecast(context, query.horizonHours);
      case 'past':
        return this.answerPast(context, query.datetime);
      default:
        return this.answerPastRange(context, query.start, query.end);
    }
  }

  private answerZones(route: Route, authToken: string | undefined): Answer {
    if (authToken !== undefined && !this.tokens.has(authToken))
      return { status: 401, body: INVALID_TOKEN_BODY };
    const body: Record<string, Record<string, unknown>> = {};
    for (const [zoneKey, names] of [...this.zoneNames].sort(([a], [b]) => a.localeCompare(b))) {
      const isListed =
        authToken === undefined || this.entitledZones === '*' || this.entitledZones.has(zoneKey);
      if (!isListed) continue;
      body[zoneKey] = {
        zoneName: names.zoneName,
        ...(names.countryName === undefined ? {} : { countryName: names.countryName }),
        ...(route.version === 'v4' ? this.v4ZoneMetadata(zoneKey) : {}),
        ...(authToken === undefined ? {} : { access: [...this.entitledAccess] }),
      };
    }
    return { status: 200, body };
  }

  private v4ZoneMetadata(zoneKey: string): Record<string, unknown> {
    const parentKey = zoneKey.includes('-') ? zoneKey.slice(0, 2) : null;
    return {
      zoneKey,
      countryCode: zoneKey.slice(0, 2),
      zoneParentKey: parentKey,
      subZoneKeys: this.zoneKeys.filter(
        (key) => key !== zoneKey && key.slice(0, 2) === zoneKey && key.includes('-'),
      ),
      isCommerciallyAvailable: true,
      tier: 'TIER_A',
    };
  }

  private answerLatest(context: RowContext): Answer {
    const hourStart = floorToHour(new Date(context.nowMs));
    const row = this.row(context, hourStart);
    if (row === undefined) return { status: 404, body: noDataBody(context.zone) };
    return { status: 200, body: { ...row, temporalGranularity: 'hourly' } };
  }

  private answerHistory(context: RowContext): Answer {
    const currentHourMs = floorToHour(new Date(context.nowMs)).getTime();
    const rows = [];
    for (let offset = 23; offset >= 0; offset -= 1) {
      const row = this.row(context, new Date(currentHourMs - offset * HOUR_MS));
      if (row !== undefined) rows.push(row);
    }
    return { status: 200, body: { zone: context.zone, history: rows, temporalGranularity: 'hourly' } };
  }

  private answerForecast(context: RowContext, horizonParam: string | undefined): Answer {
    const horizonHours = horizonParam === undefined ? 24 : Number(horizonParam);
    if (!FORECAST_HORIZONS_HOURS.includes(horizonHours)) {
      return {
        status: 400,
        body: { error: `Invalid horizonHours. Valid values are ${FORECAST_HORIZONS_HOURS.join(', ')}` },
      };
    }
    const currentHourMs = floorToHour(new Date(context.nowMs)).getTime();
    const forecast = [];
    for (let offset = 0; offset <= horizonHours; offset += 1) {
      const hourStart = new Date(currentHourMs + offset * HOUR_MS);
      forecast.push({
        carbonIntensity: this.servedValue(context, hourStart),
        datetime: hourStart.toISOString(),
      });
    }
    return {
      status: 200,
      body: {
        zone: context.zone,
        forecast,
        updatedAt: new Date(context.nowMs - UPDATED_AGO_MS).toISOString(),
        temporalGranularity: 'hourly',
      },
    };
  }

  private answerPast(context: RowContext, datetimeParam: string | undefined): Answer {
    const datetime = parseInstant(datetimeParam);
    if (datetime === undefined)
      return { status: 400, body: { error: 'Missing or invalid date parameter "datetime"' } };
    if (datetime.getTime() > context.nowMs)
      return { status: 400, body: { error: 'datetime is in the future' } };
    const row = this.row(context, floorToHour(datetime));
    if (row === undefined) return { status: 404, body: noDataBody(context.zone) };
    return { status: 200, body: { ...row, temporalGranularity: 'hourly' } };
  }

  private answerPastRange(context: RowContext, startParam?: string, endParam?: string): Answer {
    const start = parseInstant(startParam);
    if (start === undefined)
      return { status: 400, body: { error: 'Missing or invalid date parameter "start"' } };
    const end = parseInstant(endParam);
    if (end === undefined) return { status: 400, body: { error: 'Missing or invalid date parameter "end"' } };
    if (start.getTime() >= end.getTime()) return { status: 400, body: { error: 'start must be before end' } };
    if (end.getTime() - start.getTime() > PAST_RANGE_MAX_HOURS * HOUR_MS) {
      return {
        status: 400,
        body: { error: `Date range too long: at most ${PAST_RANGE_MAX_HOURS} hours at hourly granularity` },
      };
    }
    if (start.getTime() > context.nowMs) return { status: 400, body: { error: 'start is in the future' } };
    const currentHourMs = floorToHour(new Date(context.nowMs)).getTime();
    const data = [];
    // Hours starting in [start, end): `end` is exclusive, as in the one recorded sample
    // (docs/ELECTRICITY-MAPS.md#past-range).
    for (
      let hourMs = Math.ceil(start.getTime() / HOUR_MS) * HOUR_MS;
      hourMs < end.getTime();
      hourMs += HOUR_MS
    ) {
      if (hourMs > currentHourMs) break;
      const row = this.row(context, new Date(hourMs));
      if (row !== undefined) data.push(row);
    }
    return { status: 200, body: { zone: context.zone, data, temporalGranularity: 'hourly' } };
  }

  /** A carbon-intensity row for the hour, or undefined when estimations are disabled and it is estimated. */
  private row(context: RowContext, hourStart: Date): Record<string, unknown> | undefined {
    const currentHourMs = floorToHour(new Date(context.nowMs)).getTime();
    // The current and previous hour are still model estimates; older hours are "measured"
    // (docs/ELECTRICITY-MAPS.md#history).
    const isEstimated = hourStart.getTime() >= currentHourMs - HOUR_MS;
    if (isEstimated && context.isEstimationDisabled) return undefined;
    const updatedAtMs = isEstimated
      ? context.nowMs - UPDATED_AGO_MS
      : Math.min(hourStart.getTime() + 2 * HOUR_MS, context.nowMs - UPDATED_AGO_MS);
    return {
      zone: context.zone,
      carbonIntensity: this.servedValue(context, hourStart),
      datetime: hourStart.toISOString(),
      updatedAt: new Date(updatedAtMs).toISOString(),
      createdAt: new Date(hourStart.getTime() - 3 * 24 * HOUR_MS + 46 * MINUTE_MS).toISOString(),
      emissionFactorType: context.emissionFactorType,
      isEstimated,
      estimationMethod: isEstimated
        ? context.version === 'v4'
          ? 'FORECASTS_HIERARCHY'
          : 'TIME_SLICER_AVERAGE'
        : null,
      ...(context.version === 'v4' ? { flowTraced: true } : {}),
    };
  }

  private servedValue(context: RowContext, hourStart: Date): number | null {
    const value = this.servedIntensity(context.zone, hourStart);
    if (value === null || context.emissionFactorType === 'lifecycle') return value;
    return Math.round(value * DIRECT_FACTOR);
  }

  private servedIntensity(zone: string, hourStart: Date): number | null {
    const script = this.scripts.get(zone);
    if (script === undefined) return dailyCurve(zone, hourStart);
    return typeof script === 'function' ? script(hourStart) : script;
  }

  private isEntitled(zone: string, signalPath: string): boolean {
    const isZoneCovered = this.entitledZones === '*' || this.entitledZones.has(zone);
    return isZoneCovered && (this.entitledAccess.includes('*') || this.entitledAccess.includes(signalPath));
  }

  /** The zone a data request is about: `zone`, else the nearest catalogue region to lat/lon, else a data centre. */
  private resolveZone(query: Record<string, string>): string | undefined {
    if (query.zone !== undefined) return query.zone;
    const latitude = Number(query.lat);
    const longitude = Number(query.lon);
    if (
      query.lat !== undefined &&
      query.lon !== undefined &&
      Number.isFinite(latitude) &&
      Number.isFinite(longitude)
    ) {
      return nearestRegion(this.regions, latitude, longitude)?.zone;
    }
    const provider = query.dataCenterProvider?.toLowerCase();
    const regionCode = query.dataCenterRegion?.toLowerCase();
    return this.regions.find((region) => region.provider === provider && region.code === regionCode)?.zone;
  }
}

interface RowContext {
  zone: string;
  version: Route['version'];
  emissionFactorType: 'lifecycle' | 'direct';
  nowMs: number;
  isEstimationDisabled: boolean;
}

function parseRoute(pathname: string): Route {
  if (pathname === '/health') return { version: '', endpoint: 'health', isKnown: true };
  const match = /^\/(v3|v4)\/(.+?)\/?$/.exec(pathname);
  if (!match) return { version: '', endpoint: pathname, isKnown: false };
  const version = match[1] === 'v4' ? 'v4' : 'v3';
  const rest = match[2] ?? '';
  if (rest === 'zones') return { version, endpoint: 'zones', isKnown: true };
  const temporality = rest.startsWith('carbon-intensity/') ? rest.slice('carbon-intensity/'.length) : '';
  if (DATA_ENDPOINTS.has(temporality)) return { version, endpoint: temporality, isKnown: true };
  return { version, endpoint: rest, isKnown: false };
}

/** Auth and data faults only make sense where there is a token or a zone. */
function faultAppliesTo(fault: FakeFault, route: Route): boolean {
  if (fault === 'not-entitled' || fault === 'no-data') return DATA_ENDPOINTS.has(route.endpoint);
  if (fault === 'invalid-token') return route.endpoint !== 'health';
  return true;
}

function applyFault(rule: FaultRule, normal: Answer, route: Route, zone: string | undefined): Answer {
  switch (rule.fault) {
    case 'server-error':
      return { status: 500, body: SERVER_ERROR_BODY };
    case 'invalid-token':
      return { status: 401, body: INVALID_TOKEN_BODY };
    case 'not-entitled':
      return { status: 401, body: notEntitledBody(zone ?? 'XX', route.endpoint, 'carbon-intensity') };
    case 'rate-limit': {
      const retryAfter = rule.retryAfter === undefined ? '2' : rule.retryAfter;
      return {
        status: 429,
        body: { error: 'Too many requests' },
        ...(retryAfter === null ? {} : { headers: { 'Retry-After': retryAfter } }),
      };
    }
    case 'no-data':
      return { status: 404, body: noDataBody(zone ?? 'XX') };
    case 'malformed': {
      // A body cut off mid-way, as after a proxy or upstream crash: status 200, invalid JSON.
      const text = JSON.stringify(normal.body);
      return { status: 200, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    default:
      return normal;
  }
}

function dailyCurve(zone: string, hourStart: Date): number {
  const base = electricityMaps.yearly2025?.data[zone]?.carbonIntensity.value ?? UNKNOWN_ZONE_BASE_G_PER_KWH;
  // Lowest around 00:00 UTC, highest around 12:00 UTC: enough shape for "pick the greenest hour" tests.
  return Math.round(base * (1 + 0.25 * Math.sin((2 * Math.PI * (hourStart.getUTCHours() - 6)) / 24)));
}

function buildZoneNames(zoneKeys: string[]): Map<string, { zoneName: string; countryName?: string }> {
  const names = new Map<string, { zoneName: string; countryName?: string }>();
  for (const zoneKey of zoneKeys) {
    const known = electricityMaps.yearly2025?.data[zoneKey]?.zone;
    names.set(zoneKey, {
      zoneName: known?.zoneName ?? zoneKey,
      ...(known?.countryName === undefined ? {} : { countryName: known.countryName }),
    });
  }
  return names;
}

function nearestRegion(
  regions: readonly CatalogueRegion[],
  latitude: number,
  longitude: number,
): CatalogueRegion | undefined {
  let best: CatalogueRegion | undefined;
  let bestDistance = Infinity;
  for (const region of regions) {
    // Equirectangular distance: plenty to pick the closest of a few dozen data centres.
    const dx = (region.longitude - longitude) * Math.cos((latitude * Math.PI) / 180);
    const dy = region.latitude - latitude;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = region;
      bestDistance = distance;
    }
  }
  return best;
}

function floorToHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

function parseInstant(value: string | undefined): Date | undefined {
  if (value === undefined || !ISO_INSTANT_PATTERN.test(value)) return undefined;
  const date = new Date(value);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

/**
 * The package root, found by walking up from this module: works from test/fakes/*.ts (ts-jest) and from
 * dist/test/fakes/*.js (the CLI) alike.
 */
function findPackageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('fake Electricity Maps: no package.json above the module');
    directory = parent;
  }
  return directory;
}

let cataloguePromise: Promise<CatalogueRegion[]> | undefined;

/** The seeded cloud regions (seeds/data/regions.json): their zones, coordinates and provider codes. */
function loadCatalogueRegions(): Promise<CatalogueRegion[]> {
  cataloguePromise ??= readFile(path.join(findPackageRoot(), 'seeds', 'data', 'regions.json'), 'utf8').then(
    (text) => {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('seeds/data/regions.json is not an array');
      return parsed.flatMap((item: unknown): CatalogueRegion[] => {
        if (typeof item !== 'object' || item === null) return [];
        const { provider, code, zone, latitude, longitude } = item as Record<string, unknown>;
        if (typeof provider !== 'string' || typeof code !== 'string' || typeof zone !== 'string') return [];
        if (typeof latitude !== 'number' || typeof longitude !== 'number') return [];
        return [{ provider, code, zone, latitude, longitude }];
      });
    },
  );
  // Do not cache a failure: the next start() should try again.
  cataloguePromise.catch(() => {
    cataloguePromise = undefined;
  });
  return cataloguePromise;
}
