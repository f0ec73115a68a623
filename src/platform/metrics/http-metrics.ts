import type { onResponseHookHandler } from 'fastify';
import type { RouteHookFactory } from '../http/route-hooks.js';
import type { MetricsService, RouteRecorder } from './metrics.service.js';

/** Requests that match no route share this label, whatever their URL (no label per scanned path). */
export const UNMATCHED_ROUTE_LABEL = 'unmatched';

/**
 * Request durations by route pattern, method and status: each route gets its own onResponse hook
 * holding its recorder, so a request costs a Map lookup by status code and a bucket search.
 */
export function requestMetricsHooks(metrics: MetricsService): RouteHookFactory {
  return (route) => {
    if (route.isNotFound) {
      const byMethod = new Map<string, RouteRecorder>();
      const onResponse: onResponseHookHandler = (request, reply, done) => {
        let recorder = byMethod.get(request.method);
        if (!recorder) {
          recorder = metrics.routeRecorder(UNMATCHED_ROUTE_LABEL, request.method);
          byMethod.set(request.method, recorder);
        }
        recorder.observe(reply.statusCode, reply.elapsedTime / 1000);
        done();
      };
      return { onResponse };
    }
    const recorder = metrics.routeRecorder(route.url, route.method);
    const onResponse: onResponseHookHandler = (_request, reply, done) => {
      recorder.observe(reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
    return { onResponse };
  };
}
