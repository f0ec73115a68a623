import {
  ElectricityMapsError,
  kindOfErrorStatus,
  type CallOutcome,
  type EndpointName,
  type ErrorKind,
} from './electricity-maps.errors.js';
import type { CallEvent } from './electricity-maps.types.js';
import { SIGNAL_PATHS, type ApiAddress, type DataEndpoint } from './endpoints.js';
import { BodyRejectedError, parseJson, readTextField } from './parsers.js';
import { retryAfterMs, type RetryPolicy } from './resilience.js';
import { TransportFailure, type HttpTransport, type RawResponse } from './transport.js';
import type { UpstreamState } from './upstream-state.js';

/** One data call: the endpoint, the zone it is about, its query, and how to read a 2xx body. */
export interface DataRequest<T> {
  endpoint: DataEndpoint;
  zone?: string;
  params: Record<string, string>;
  parse: (body: unknown) => T;
}

/** What a call did on the wire, for its metrics event. */
export interface CallTrace {
  attempts: number;
  status?: number;
}

export interface DataCallerParts {
  transport: HttpTransport;
  retries: RetryPolicy;
  state: UpstreamState;
  address: ApiAddress;
  /** Undefined when not configured: every call then rejects without HTTP. */
  token: string | undefined;
  /** Back-off after a 429 without Retry-After, or a 401/403 read as throttling. */
  rateLimitBackoffMs: number;
  now: () => number;
  onCall: ((event: CallEvent) => void) | undefined;
}

/**
 * Makes one logical data call: short-circuits, breaker admission, HTTP with retries, classification,
 * bookkeeping and the metrics event. Whatever goes wrong leaves it as an ElectricityMapsError.
 */
export class DataCaller {
  constructor(private readonly parts: DataCallerParts) {}

  async call<T>(request: DataRequest<T>): Promise<T> {
    const { state, onCall } = this.parts;
    const startedMs = performance.now();
    const trace: CallTrace = { attempts: 0 };
    const rejection = this.shortCircuit(request);
    if (rejection) {
      reportCall(onCall, request.endpoint, request.zone, rejection.kind, startedMs, trace);
      throw rejection;
    }
    const isProbe = state.startCall();
    try {
      const raw = await this.fetchWithRetries(request, trace);
      const value = this.interpret(request, raw);
      state.recordSuccess();
      reportCall(onCall, request.endpoint, request.zone, 'success', startedMs, trace);
      return value;
    } catch (error) {
      const failure =
        error instanceof ElectricityMapsError
          ? error
          : this.error(request, 'malformed', `unexpected client failure: ${describe(error)}`);
      state.recordFailure(request.endpoint, request.zone, failure);
      reportCall(onCall, request.endpoint, request.zone, failure.kind, startedMs, trace);
      throw failure;
    } finally {
      if (isProbe) state.endProbe();
    }
  }

  /** Rejections decided without HTTP, most specific first. */
  private shortCircuit(request: DataRequest<unknown>): ElectricityMapsError | undefined {
    if (this.parts.token === undefined) {
      return this.error(request, 'not-configured', 'no API token configured');
    }
    const hold = this.parts.state.holdOf(request.endpoint, request.zone);
    return hold && this.error(request, hold.kind, hold.detail, { retryAt: hold.retryAt });
  }

  /** Retries network errors, timeouts and 5xx; any other answer is final. */
  private async fetchWithRetries(request: DataRequest<unknown>, trace: CallTrace): Promise<RawResponse> {
    const { address, token, transport } = this.parts;
    const url = `${address.apiBaseUrl}/${SIGNAL_PATHS[request.endpoint]}`;
    const params = request.endpoint === 'zones' ? {} : { ...request.params, ...address.callerLookupParams };
    const headers: Record<string, string> = token === undefined ? {} : { 'auth-token': token };
    const result = await this.parts.retries.run(
      async (attempt) => {
        trace.attempts = attempt;
        const answer = await transport.get(url, params, headers);
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

  /** Maps the final answer to a value or an error (statuses: docs/ELECTRICITY-MAPS.md#errors-and-what-they-mean). */
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
    const kind = kindOfErrorStatus(status, apiError, this.parts.state.hasSucceeded);
    if (kind !== 'rate-limited') throw this.error(request, kind, `HTTP ${status}${said}`, { status });
    // A 429 may say when to come back; a 401/403 read as throttling never does.
    const { now, rateLimitBackoffMs } = this.parts;
    const nowMs = now();
    const waitMs =
      status === 429 ? retryAfterMs(raw.retryAfter, nowMs, rateLimitBackoffMs) : rateLimitBackoffMs;
    const note = status === 429 ? '' : ' after earlier successes';
    throw this.error(request, kind, `HTTP ${status}${note}${said}`, {
      status,
      retryAt: new Date(nowMs + waitMs),
    });
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
    const { token } = this.parts;
    return token === undefined ? text : text.split(token).join('[redacted]');
  }
}

/** Sends the metrics event of one call, if anyone listens. */
export function reportCall(
  onCall: ((event: CallEvent) => void) | undefined,
  endpoint: EndpointName,
  zone: string | undefined,
  outcome: CallOutcome,
  startedMs: number,
  trace: CallTrace,
): void {
  if (!onCall) return;
  try {
    onCall({
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

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
