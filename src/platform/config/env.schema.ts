/**
 * Every environment variable GreenStream reads, described once. `validateEnv` turns a raw
 * environment into a typed `AppConfig`, or throws naming each bad variable so that a bad
 * value stops the boot instead of surfacing later as odd behaviour.
 */

import {
  InvalidValue,
  integer,
  decimal,
  boolean,
  httpUrl,
  postgresUrl,
  nonEmpty,
  apiKeys,
  list,
  trustProxy,
  logLevel,
  type LogLevel,
  type TrustProxy,
} from './env-parsers.js';

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  seedOnStart: boolean;
  electricityMapsApiUrl: string;
  electricityMapsApiToken: string | undefined;
  electricityMapsTimeoutMs: number;
  electricityMapsCallsPerHour: number;
  electricityMapsBreakerCooldownSeconds: number;
  electricityMapsBackoffSeconds: number;
  intensityRefreshSeconds: number;
  forecastRefreshSeconds: number;
  intensityRetentionDays: number;
  storedIntensityMaxAgeHours: number;
  responseCacheEntries: number;
  adminApiKeys: string[];
  providerApiKeys: string[];
  analystApiKeys: string[];
  rateLimitPerMinute: number;
  logLevel: LogLevel;
  corsOrigins: string[];
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  metricsToken: string | undefined;
  latencyBaseMs: number;
  latencyMsPer100Km: number;
  latencyAccessMs: number;
  rollupCompactionIntervalMs: number;
  trustProxy: TrustProxy;
  shutdownTimeoutMs: number;
  databaseProbeIntervalMs: number;
  databaseRestartAttempts: number;
  // Steering (docs/STEERING.md#configuration)
  steeringTtlSeconds: number;
  steeringSwitchThresholdPercent: number;
  steeringMaxLatencyMs: number;
  steeringDefaultCountry: string | undefined;
  steeringDecisionLog: boolean;
  steeringDecisionQueueSize: number;
  steeringDecisionFlushMs: number;
  steeringDecisionRetentionDays: number;
  steeringLoadReportMs: number;
  // Origin health (docs/LATENCY-AND-HEALTH.md#configuration)
  originProbeIntervalMs: number;
  originProbeTimeoutMs: number;
  originDownAfter: number;
  originUpAfter: number;
  originMaxHoldMs: number;
  // Measured latency (docs/LATENCY.md#configuration)
  latencyMinSamples: number;
  latencyHalfLifeMs: number;
  latencyMaxAgeMs: number;
  latencyRefreshMs: number;
}

/** Fastify's `trustProxy`: false, true (any proxy), a hop count, or trusted addresses and CIDRs. */

type RawEnv = Record<string, string | undefined>;

interface VariableSpec<K extends keyof AppConfig> {
  name: string;
  key: K;
  description: string;
  defaultValue: string | undefined;
  isSecret?: boolean;
  parse: (raw: string) => AppConfig[K];
}

function spec<K extends keyof AppConfig>(variable: VariableSpec<K>): VariableSpec<K> {
  return variable;
}

export const ENV_VARIABLES = [
  spec({
    name: 'PORT',
    key: 'port',
    description: 'HTTP port',
    defaultValue: '3000',
    parse: integer(0, 65535),
  }),
  spec({
    name: 'HOST',
    key: 'host',
    description: 'Address to listen on',
    defaultValue: '0.0.0.0',
    parse: nonEmpty,
  }),
  spec({
    name: 'DATABASE_URL',
    key: 'databaseUrl',
    description: 'PostgreSQL URL; unset = embedded PostgreSQL under DATA_DIR',
    defaultValue: undefined,
    isSecret: true,
    parse: postgresUrl,
  }),
  spec({
    name: 'DATABASE_POOL_SIZE',
    key: 'databasePoolSize',
    description: 'Maximum connections in the PostgreSQL pool',
    defaultValue: '10',
    parse: integer(1, 200),
  }),
  spec({
    name: 'DATA_DIR',
    key: 'dataDir',
    description: 'Directory of the embedded PostgreSQL data (used only without DATABASE_URL)',
    defaultValue: './.data',
    parse: nonEmpty,
  }),
  spec({
    name: 'SEED_ON_START',
    key: 'seedOnStart',
    description: 'Seed the reference data (idempotent) at start-up',
    defaultValue: 'true',
    parse: boolean,
  }),
  spec({
    name: 'ELECTRICITY_MAPS_API_URL',
    key: 'electricityMapsApiUrl',
    description: 'Electricity Maps base URL including the version',
    defaultValue: 'https://api.electricitymaps.com/v3',
    parse: httpUrl,
  }),
  spec({
    name: 'ELECTRICITY_MAPS_API_TOKEN',
    key: 'electricityMapsApiToken',
    description: 'Electricity Maps API token; unset = reference mode',
    defaultValue: undefined,
    isSecret: true,
    parse: nonEmpty,
  }),
  spec({
    name: 'ELECTRICITY_MAPS_TIMEOUT_MS',
    key: 'electricityMapsTimeoutMs',
    description: 'Per-call timeout for Electricity Maps, in milliseconds',
    defaultValue: '2000',
    parse: integer(50, 60000),
  }),
  spec({
    name: 'ELECTRICITY_MAPS_CALLS_PER_HOUR',
    key: 'electricityMapsCallsPerHour',
    description: 'Budget of background calls to Electricity Maps per hour',
    defaultValue: '600',
    parse: integer(1, 1000000),
  }),
  spec({
    name: 'ELECTRICITY_MAPS_BREAKER_COOLDOWN_SECONDS',
    key: 'electricityMapsBreakerCooldownSeconds',
    description: 'How long the circuit breaker stays open before a probe call, in seconds',
    defaultValue: '30',
    parse: integer(1, 3600),
  }),
  spec({
    name: 'ELECTRICITY_MAPS_BACKOFF_SECONDS',
    key: 'electricityMapsBackoffSeconds',
    description: 'Pause after a 429 without Retry-After, or a 401 after earlier successes, in seconds',
    defaultValue: '60',
    parse: integer(1, 86400),
  }),
  spec({
    name: 'INTENSITY_REFRESH_SECONDS',
    key: 'intensityRefreshSeconds',
    description: 'How long a latest value counts as live, and the background refresh period, in seconds',
    defaultValue: '900',
    parse: integer(1, 86400),
  }),
  spec({
    name: 'FORECAST_REFRESH_SECONDS',
    key: 'forecastRefreshSeconds',
    description: 'Forecast refresh period, in seconds',
    defaultValue: '3600',
    parse: integer(1, 86400),
  }),
  spec({
    name: 'INTENSITY_RETENTION_DAYS',
    key: 'intensityRetentionDays',
    description: 'How many days of intensity observations are kept',
    defaultValue: '90',
    parse: integer(1, 3650),
  }),
  spec({
    name: 'STORED_INTENSITY_MAX_AGE_HOURS',
    key: 'storedIntensityMaxAgeHours',
    description: 'Oldest stored observation still used as the current value (source "stored"), in hours',
    defaultValue: '6',
    parse: integer(1, 720),
  }),
  spec({
    name: 'RESPONSE_CACHE_ENTRIES',
    key: 'responseCacheEntries',
    description:
      'Distinct answers of GET /intensity/:zone and GET /footprint kept for the rest of the current second (per route); 0 = off',
    defaultValue: '1000',
    parse: integer(0, 1000000),
  }),
  spec({
    name: 'ADMIN_API_KEYS',
    key: 'adminApiKeys',
    description: 'Comma-separated admin keys (catalogue writes); unset = role disabled',
    defaultValue: '',
    isSecret: true,
    parse: apiKeys,
  }),
  spec({
    name: 'PROVIDER_API_KEYS',
    key: 'providerApiKeys',
    description: 'Comma-separated provider keys (POST /consumption); unset = role disabled',
    defaultValue: '',
    isSecret: true,
    parse: apiKeys,
  }),
  spec({
    name: 'ANALYST_API_KEYS',
    key: 'analystApiKeys',
    description: 'Comma-separated analyst keys (/stats, GET /consumption); unset = role disabled',
    defaultValue: '',
    isSecret: true,
    parse: apiKeys,
  }),
  spec({
    name: 'RATE_LIMIT_PER_MINUTE',
    key: 'rateLimitPerMinute',
    description: 'Requests per minute per key or client IP; 0 turns limiting off',
    defaultValue: '600',
    parse: integer(0, 10000000),
  }),
  spec({
    name: 'LOG_LEVEL',
    key: 'logLevel',
    description: 'pino log level',
    defaultValue: 'info',
    parse: logLevel,
  }),
  spec({
    name: 'CORS_ORIGINS',
    key: 'corsOrigins',
    description: 'Comma-separated origins allowed by CORS; empty = CORS off, * = any',
    defaultValue: '',
    parse: list,
  }),
  spec({
    name: 'BODY_LIMIT_BYTES',
    key: 'bodyLimitBytes',
    description: 'Largest accepted request body, in bytes',
    defaultValue: '16777216',
    parse: integer(1024, 1073741824),
  }),
  spec({
    name: 'REQUEST_TIMEOUT_MS',
    key: 'requestTimeoutMs',
    description: 'Longest time a request may take before the server answers 503, in milliseconds',
    defaultValue: '30000',
    parse: integer(100, 600000),
  }),
  spec({
    name: 'METRICS_TOKEN',
    key: 'metricsToken',
    description: 'Bearer token required by GET /metrics; unset = open',
    defaultValue: undefined,
    isSecret: true,
    parse: nonEmpty,
  }),
  spec({
    name: 'LATENCY_BASE_MS',
    key: 'latencyBaseMs',
    description: 'Fixed part of the distance model of round-trip time (switching, queueing), in milliseconds',
    defaultValue: '5',
    parse: decimal(0, 1000),
  }),
  spec({
    name: 'LATENCY_MS_PER_100KM',
    key: 'latencyMsPer100Km',
    description: 'Round-trip time per 100 km of great-circle distance in the distance model, in milliseconds',
    defaultValue: '1.6',
    parse: decimal(0, 100),
  }),
  spec({
    name: 'LATENCY_ACCESS_MS',
    key: 'latencyAccessMs',
    description:
      "Allowance for the viewer's access network (last mile) added to every viewer-to-region estimate, in milliseconds",
    defaultValue: '15',
    parse: decimal(0, 1000),
  }),
  spec({
    name: 'ROLLUP_COMPACTION_INTERVAL_MS',
    key: 'rollupCompactionIntervalMs',
    description:
      'How often the rollup deltas written by POST /consumption are folded into the rollups, in milliseconds; 0 = never (statistics stay exact, only slower as deltas pile up)',
    defaultValue: '1000',
    parse: integer(0, 3600000),
  }),
  spec({
    name: 'TRUST_PROXY',
    key: 'trustProxy',
    description:
      'Proxies trusted to give the client IP in X-Forwarded-For (rate limits): false, true, a hop count, or IPs/CIDRs',
    defaultValue: 'false',
    parse: trustProxy,
  }),
  spec({
    name: 'SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    description:
      'Longest a graceful shutdown (SIGTERM) may take before the process exits anyway, in milliseconds',
    defaultValue: '25000',
    parse: integer(1000, 600000),
  }),
  spec({
    name: 'DATABASE_PROBE_INTERVAL_MS',
    key: 'databaseProbeIntervalMs',
    description:
      'How often the database is probed (SELECT 1) while it is up, in milliseconds; a lost connection or a dead embedded PostgreSQL is noticed at once anyway',
    defaultValue: '2000',
    parse: integer(100, 60000),
  }),
  spec({
    name: 'DATABASE_RESTART_ATTEMPTS',
    key: 'databaseRestartAttempts',
    description:
      'Failed restarts in a row of a dead embedded PostgreSQL before /health/live answers 503 (so that the orchestrator restarts the process)',
    defaultValue: '5',
    parse: integer(1, 1000),
  }),
  // Steering (docs/STEERING.md#configuration)
  spec({
    name: 'STEERING_TTL_SECONDS',
    key: 'steeringTtlSeconds',
    description:
      'Steering TTL, in seconds: how long a session counts as live after it was last seen (capacity, stickiness) and the TTL of HLS/DASH steering manifests',
    defaultValue: '300',
    parse: integer(1, 86400),
  }),
  spec({
    name: 'STEERING_SWITCH_THRESHOLD_PERCENT',
    key: 'steeringSwitchThresholdPercent',
    description:
      "Share of a session's data-centre emissions a move to another origin must save before the session moves (hysteresis), in percent",
    defaultValue: '10',
    parse: decimal(0, 100),
  }),
  spec({
    name: 'STEERING_MAX_LATENCY_MS',
    key: 'steeringMaxLatencyMs',
    description:
      'Latency budget of steering: origins whose estimated RTT from the viewer exceeds it are not eligible, in milliseconds',
    defaultValue: '80',
    parse: integer(1, 1000),
  }),
  spec({
    name: 'STEERING_DEFAULT_COUNTRY',
    key: 'steeringDefaultCountry',
    description:
      "ISO 3166-1 alpha-2 country of viewers that neither the request, an edge header nor the IP database locates; unset = such viewers get the service's first origin (reason unlocated)",
    defaultValue: undefined,
    parse: countryCode,
  }),
  spec({
    name: 'STEERING_DECISION_LOG',
    key: 'steeringDecisionLog',
    description: 'Write every steering decision to the decision log (steering_decisions)',
    defaultValue: 'true',
    parse: boolean,
  }),
  spec({
    name: 'STEERING_DECISION_QUEUE_SIZE',
    key: 'steeringDecisionQueueSize',
    description:
      'Decisions waiting to be written, at most; past it a decision is dropped (and counted), never waited for',
    defaultValue: '100000',
    parse: integer(0, 10000000),
  }),
  spec({
    name: 'STEERING_DECISION_FLUSH_MS',
    key: 'steeringDecisionFlushMs',
    description: 'How often queued decisions are written (one COPY per batch), in milliseconds',
    defaultValue: '1000',
    parse: integer(10, 60000),
  }),
  spec({
    name: 'STEERING_DECISION_RETENTION_DAYS',
    key: 'steeringDecisionRetentionDays',
    description: 'Days of decisions kept; older daily partitions are dropped',
    defaultValue: '30',
    parse: integer(1, 3650),
  }),
  spec({
    name: 'STEERING_LOAD_REPORT_MS',
    key: 'steeringLoadReportMs',
    description:
      "How often each instance reports its live sessions per origin to PostgreSQL and reads the others', in milliseconds",
    defaultValue: '1000',
    parse: integer(100, 60000),
  }),
  // Origin health (docs/LATENCY-AND-HEALTH.md#configuration)
  spec({
    name: 'ORIGIN_PROBE_INTERVAL_MS',
    key: 'originProbeIntervalMs',
    description:
      "How often the leader instance probes every enabled origin's health URL, and how often every instance re-reads the shared health state, in milliseconds",
    defaultValue: '5000',
    parse: integer(100, 3600000),
  }),
  spec({
    name: 'ORIGIN_PROBE_TIMEOUT_MS',
    key: 'originProbeTimeoutMs',
    description: 'A probe not answered within this counts as a failure, in milliseconds',
    defaultValue: '2000',
    parse: integer(10, 60000),
  }),
  spec({
    name: 'ORIGIN_DOWN_AFTER',
    key: 'originDownAfter',
    description: 'Consecutive failed probes (5xx, timeout, refused) after which an origin is down',
    defaultValue: '3',
    parse: integer(1, 100),
  }),
  spec({
    name: 'ORIGIN_UP_AFTER',
    key: 'originUpAfter',
    description: 'Consecutive successful probes after which a down origin is up again',
    defaultValue: '2',
    parse: integer(1, 100),
  }),
  spec({
    name: 'ORIGIN_MAX_HOLD_MS',
    key: 'originMaxHoldMs',
    description:
      'Longest a flapping origin is held down after it answers again (the hold doubles with each fall within this period), in milliseconds',
    defaultValue: '300000',
    parse: integer(0, 86400000),
  }),
  // Measured latency (docs/LATENCY.md#configuration)
  spec({
    name: 'LATENCY_MIN_SAMPLES',
    key: 'latencyMinSamples',
    description:
      'Recent samples (each weighted 2^(-age/half-life)) a (viewer country, region) needs before its measured round trip replaces the model',
    defaultValue: '10',
    parse: integer(1, 1000000),
  }),
  spec({
    name: 'LATENCY_HALF_LIFE_MS',
    key: 'latencyHalfLifeMs',
    description: 'Half-life of the moving averages of measured round trip and throughput, in milliseconds',
    defaultValue: '1800000',
    parse: integer(100, 604800000),
  }),
  spec({
    name: 'LATENCY_MAX_AGE_MS',
    key: 'latencyMaxAgeMs',
    description:
      'Measurements whose newest sample is older than this fall back to the model; samples older than this are refused, in milliseconds',
    defaultValue: '21600000',
    parse: integer(1000, 2592000000),
  }),
  spec({
    name: 'LATENCY_REFRESH_MS',
    key: 'latencyRefreshMs',
    description:
      "How often each instance re-reads the shared latency aggregates and writes the players' queued throughput reports, in milliseconds",
    defaultValue: '2000',
    parse: integer(100, 60000),
  }),
] as const;

/** An ISO 3166-1 alpha-2 code, upper case. */
function countryCode(raw: string): string {
  if (!/^[A-Z]{2}$/.test(raw.trim()))
    throw new InvalidValue('must be an upper-case ISO 3166-1 alpha-2 code such as FR');
  return raw.trim();
}

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ')}`,
    );
    this.name = 'InvalidConfigurationError';
  }
}

/** Parses the raw environment. Throws `InvalidConfigurationError` naming every bad variable. */
export function validateEnv(env: RawEnv): AppConfig {
  const config: Partial<Record<keyof AppConfig, unknown>> = {};
  const problems: { variable: string; message: string }[] = [];
  for (const variable of ENV_VARIABLES) {
    const given = env[variable.name];
    const raw = given === undefined || given === '' ? variable.defaultValue : given;
    if (raw === undefined) {
      config[variable.key] = undefined;
      continue;
    }
    try {
      config[variable.key] = variable.parse(raw);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      // Secrets are never echoed back, even when wrong.
      const shown = variable.isSecret ? '' : ` (got '${raw}')`;
      problems.push({ variable: variable.name, message: `${error.message}${shown}` });
    }
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return config as AppConfig;
}
