import type { onRequestHookHandler } from 'fastify';
import type { AppConfig } from '../config/env.schema.js';
import { ApiKeyPolicy, isRefusal, type AuthenticatedRequest } from './api-key.guard.js';
import type { ApiRole } from './api-keys.js';
import { problem } from './problem.js';
import { sendProblem } from './problem-details.filter.js';
import { requestIdOf } from './request-id.js';
import type { RouteHookFactory } from './route-hooks.js';

/**
 * The API key of a route that needs a role (`@RequireRole`), checked in the route's onRequest
 * hook: before the body is read, parsed or validated, so that a caller without a valid key learns
 * nothing about the body's rules (no key and a bad body: 401, not 400 or 415). Every answer of
 * such a route, errors included, carries `Cache-Control: no-store`: it is data of one key holder.
 */
export function apiKeyHooks(config: AppConfig): RouteHookFactory {
  const policy = new ApiKeyPolicy(config);
  return (route) => {
    if (route.requiredRole === undefined) return undefined;
    const role = route.requiredRole as ApiRole;
    const onRequest: onRequestHookHandler = (request, reply, done) => {
      void reply.header('cache-control', 'no-store');
      const result = policy.check(role, request.headers.authorization);
      if (!isRefusal(result)) {
        (request as AuthenticatedRequest).apiKey = result;
        done();
        return;
      }
      const instance = request.url.split('?')[0] ?? request.url;
      sendProblem(
        reply,
        problem(result.status, result.detail, { instance, requestId: requestIdOf(request) }),
      );
    };
    return { onRequest };
  };
}
