/**
 * `@RouteConfig(STREAMING_ROUTE)` on a handler that streams a long answer (e.g. a CSV export):
 * REQUEST_TIMEOUT_MS would otherwise answer 503 in the middle of it.
 */
export const STREAMING_ROUTE = { isStreaming: true } as const;
