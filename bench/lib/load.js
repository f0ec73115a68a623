// Load generation with autocannon's programmatic API, in the harness process.
import autocannon from 'autocannon';

/**
 * @typedef {object} LoadRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 *
 * @typedef {object} LoadSummary
 * @property {number} reqPerSec  Mean of autocannon's per-second samples (`requests.average`).
 * @property {number} requests  Responses received during the run.
 * @property {number} p50  Latency median, ms.
 * @property {number} p99  Latency 99th percentile, ms.
 * @property {number} latencyMean  ms.
 * @property {number} bytesPerSec  Mean response throughput.
 * @property {number} non2xx  Responses whose status was not 2xx (with `expectedStatus`: not that status).
 * @property {number} errors  Connection errors and timeouts (timeouts are counted in errors too).
 * @property {number} timeouts
 * @property {Record<string, { count: number }>} statusCodes
 * @property {number} durationSeconds  Actual length of the run.
 */

/**
 * Placeholders of a scenario's path, filled per request: `{session}` by one of SESSION_POOL session
 * ids in turn (bench-0 … bench-9999, as that many viewers' players reloading), `{n}` by the
 * request's number (a value that never repeats, such as a player's throughput estimate). Real
 * traffic carries a session id per viewer, so a path that repeats exactly would flatter every cache
 * keyed by the query (docs/BENCHMARKS.md#quick-query-parsers).
 */
export const SESSION_POOL = 10_000;

/** The path of the first request: what the harness captures and the baseline answers alike. */
export function firstPath(path) {
  return path.replaceAll('{session}', 'bench-0').replaceAll('{n}', '0');
}

/** autocannon options that fill the placeholders of `path` per request; none for a fixed path. */
export function varyingPath(path) {
  if (!path.includes('{session}') && !path.includes('{n}')) return {};
  let count = 0;
  return {
    requests: [
      {
        setupRequest(request) {
          const n = count++;
          request.path = path
            .replaceAll('{session}', `bench-${n % SESSION_POOL}`)
            .replaceAll('{n}', String(n));
          return request;
        },
      },
    ],
  };
}

/**
 * Runs autocannon against `baseUrl` for `durationSeconds`.
 * @param {object} options
 * @param {string} options.baseUrl
 * @param {LoadRequest} options.request
 * @param {number} options.connections
 * @param {number} options.durationSeconds
 * @param {AbortSignal} [options.signal]  Stops the run early (Ctrl-C).
 * @param {number} [options.expectedStatus]  The status every answer must have (a redirect scenario's 302).
 * @returns {Promise<LoadSummary>}
 */
export async function runLoad({ baseUrl, request, connections, durationSeconds, signal, expectedStatus }) {
  const instance = autocannon({
    ...varyingPath(request.path),
    url: baseUrl + firstPath(request.path),
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    // One request in flight per connection: `connections` concurrent clients, the way browsers
    // and HTTP client libraries behave (pipelining is rare in practice).
    pipelining: 1,
    duration: durationSeconds,
  });
  const stop = () => instance.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const result = await instance;
    return {
      reqPerSec: result.requests.average,
      requests: result.requests.total,
      p50: result.latency.p50,
      p99: result.latency.p99,
      latencyMean: result.latency.average,
      bytesPerSec: result.throughput.average,
      non2xx:
        expectedStatus === undefined
          ? result.non2xx
          : Object.entries(result.statusCodeStats ?? {}).reduce(
              (sum, [status, { count }]) => sum + (Number(status) === expectedStatus ? 0 : count),
              0,
            ),
      errors: result.errors,
      timeouts: result.timeouts,
      statusCodes: result.statusCodeStats,
      durationSeconds: result.duration,
    };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
