/**
 * Errors of the Electricity Maps client. Plain TypeScript (no Nest, no HTTP framework types) so the
 * intensity service can decide per kind whether to fall back, back off or report a configuration problem.
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
