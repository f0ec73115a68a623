/**
 * Errors of the Electricity Maps client, and which kind an HTTP answer maps to. Plain TypeScript (no Nest,
 * no HTTP framework types) so the intensity service can decide per kind whether to fall back, back off or
 * report a configuration problem.
 */

/** The calls the client makes; also the `endpoint` label of metrics. */
export type EndpointName = 'latest' | 'history' | 'forecast' | 'past-range' | 'zones' | 'health';

export type ErrorKind =
  /** No API token configured: no request is made at all. */
  | 'not-configured'
  /** Connection refused/reset, DNS failure, … (retried). */
  | 'network'
  /** No complete answer within `timeoutMs` (retried). */
  | 'timeout'
  /** 5xx (retried). */
  | 'server'
  /** 401/403 for a token that never worked: the key is wrong or was revoked. */
  | 'unauthorized'
  /** 401 "Request unauthorized for zoneKey=…": the plan does not cover this zone × signal. */
  | 'not-entitled'
  /** 429, or a 401 after earlier successes (Electricity Maps answers 401 when rate limiting). */
  | 'rate-limited'
  /** 404 "No recent data for zone …" (or a latest value of null). */
  | 'no-data'
  /** Any other 4xx (unknown zone, bad parameter) or an unexpected 3xx. */
  | 'bad-request'
  /** 200 whose body is not what the contract promises. */
  | 'malformed'
  /** The circuit breaker is open: no request made. */
  | 'circuit-open'
  /** A rate-limit back-off is running: no request made. */
  | 'backing-off';

/** What happened to one call, for metrics: `success` or the error kind. */
export type CallOutcome = 'success' | ErrorKind;

/**
 * Kinds after which the same call may succeed later without any change of configuration or plan.
 * The service uses this to choose between "retry later" and "stop asking".
 */
const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'network',
  'timeout',
  'server',
  'rate-limited',
  'no-data',
  'malformed',
  'circuit-open',
  'backing-off',
]);

export interface ElectricityMapsErrorDetails {
  kind: ErrorKind;
  endpoint: EndpointName;
  zone?: string;
  status?: number;
  /** When the client will let calls through again (rate-limit back-off or breaker cooldown). */
  retryAt?: Date;
}

export class ElectricityMapsError extends Error {
  readonly kind: ErrorKind;
  readonly endpoint: EndpointName;
  readonly zone?: string;
  readonly status?: number;
  readonly retryAt?: Date;
  /** True when the same call may succeed later without a configuration change (see TRANSIENT_KINDS). */
  readonly retryable: boolean;

  constructor(message: string, details: ElectricityMapsErrorDetails) {
    super(message);
    this.name = 'ElectricityMapsError';
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.zone = details.zone;
    this.status = details.status;
    this.retryAt = details.retryAt;
    this.retryable = TRANSIENT_KINDS.has(details.kind);
  }
}

export function isElectricityMapsError(error: unknown): error is ElectricityMapsError {
  return error instanceof ElectricityMapsError;
}

/**
 * Prefixes Electricity Maps puts in `error`; the only wording the client relies on
 * (docs/ELECTRICITY-MAPS.md#errors-and-what-they-mean).
 */
const NOT_ENTITLED_PREFIX = 'Request unauthorized for zoneKey=';
const NO_DATA_PREFIX = 'No recent data for zone';

/**
 * What a non-2xx answer means (statuses and `error` texts: docs/ELECTRICITY-MAPS.md). `apiError` is the
 * `error` text of the body, if any; `hasTokenWorked` whether the token has had a success before.
 */
export function kindOfErrorStatus(
  status: number,
  apiError: string | undefined,
  hasTokenWorked: boolean,
): ErrorKind {
  if (status >= 500) return 'server';
  if (status === 401 && apiError?.startsWith(NOT_ENTITLED_PREFIX)) return 'not-entitled';
  if (status === 401 || status === 403) {
    // Electricity Maps has been seen answering 401 instead of 429 when a key exceeds its quota
    // (electricitymaps-contrib#8047): a key that has worked before is most likely being throttled.
    return hasTokenWorked ? 'rate-limited' : 'unauthorized';
  }
  if (status === 429) return 'rate-limited';
  if (status === 404 && apiError?.startsWith(NO_DATA_PREFIX)) return 'no-data';
  // Unknown zone (404 or 400, unconfirmed which), bad parameter, or an unexpected 1xx/3xx.
  return 'bad-request';
}

/** Metrics label of a failed health check: the upstream said it is down, answered oddly, or refused. */
export function unhealthyOutcome(status: number, reported: string | undefined): CallOutcome {
  if (status >= 500 || (status === 200 && reported !== undefined)) return 'server';
  return status === 200 ? 'malformed' : 'bad-request';
}
