import http from 'node:http';
import https from 'node:https';
import axios, { isAxiosError, type AxiosInstance } from 'axios';

/** Bodies are a few kB; anything far larger is not an answer we understand. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** An answer, whatever its status; the body is text so that broken JSON can be told apart later. */
export interface RawResponse {
  status: number;
  body: string;
  retryAfter?: string;
}

/**
 * An attempt that got no usable answer. Returned, not thrown, so a retry loop can treat it like a 5xx.
 * `detail` holds only our own words and the error code: axios errors carry the request config, token
 * included.
 */
export class TransportFailure {
  constructor(
    readonly kind: 'network' | 'timeout' | 'malformed',
    readonly detail: string,
  ) {}
}

/** One GET at a time over pooled sockets, bounded in time and body size. Knows nothing of the API. */
export class HttpTransport {
  private readonly http: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly timeoutMs: number) {
    // Keep-alive: the service polls a handful of zones every few minutes; reusing sockets saves a TLS
    // handshake per call.
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });
    this.http = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      headers: { Accept: 'application/json' },
      // Statuses are classified by hand, and bodies parsed by hand so that broken JSON is caught as such.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      timeout: this.timeoutMs,
      transitional: { clarifyTimeoutError: true },
      maxContentLength: MAX_BODY_BYTES,
      // A redirect would carry the auth-token header to wherever it points; Electricity Maps never redirects.
      maxRedirects: 0,
      // axios' env-proxy support sends https requests to the proxy in clear (no CONNECT tunnel), token
      // included: talk to the API directly.
      proxy: false,
    });
  }

  /**
   * One HTTP attempt. Our own timer bounds the whole exchange: axios' timeout alone is an idle timeout and
   * would not stop a server that trickles bytes.
   */
  async get(
    url: string,
    params: Record<string, string>,
    headers: Record<string, string>,
  ): Promise<RawResponse | TransportFailure> {
    const controller = new AbortController();
    let hasTimedOut = false;
    const deadline = setTimeout(() => {
      hasTimedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.http.get<unknown>(url, { params, headers, signal: controller.signal });
      const retryAfter: unknown = response.headers['retry-after'];
      return {
        status: response.status,
        body: typeof response.data === 'string' ? response.data : '',
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
      };
    } catch (error) {
      const code = isAxiosError(error) ? error.code : undefined;
      if (hasTimedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
        return new TransportFailure('timeout', `no answer within ${this.timeoutMs} ms`);
      }
      if (isAxiosError(error) && code === 'ERR_BAD_RESPONSE' && error.message.includes('maxContentLength')) {
        return new TransportFailure('malformed', `body larger than ${MAX_BODY_BYTES} bytes`);
      }
      return new TransportFailure('network', `network error (${code ?? 'unknown'})`);
    } finally {
      clearTimeout(deadline);
    }
  }

  /** Closes pooled sockets (shutdown, tests). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
