import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { registerCache } from '../cache/cache-sizes.js';
import type { AppConfig } from '../config/env.schema.js';
import { ApiKeyRegistry, bearerToken } from './api-keys.js';
import { problem } from './problem.js';
import { sendProblem } from './problem-details.filter.js';
import { RateLimiter } from './rate-limiter.js';
import { requestIdOf } from './request-id.js';
import type { RouteHookFactory } from './route-hooks.js';

/** Routes a probe or a scraper calls: never limited, so that a busy client cannot make a pod look dead. */
const UNLIMITED_ROUTE_PREFIXES = ['/health', '/metrics'];

export function isRateLimitedRoute(url: string): boolean {
  return !UNLIMITED_ROUTE_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}

/**
 * RATE_LIMIT_PER_MINUTE per client: a known API key counts as one client wherever it calls from;
 * anyone else is counted by IP address (the proxy's forwarded address when TRUST_PROXY allows it).
 * An unknown key counts as its IP, so inventing keys does not buy a fresh allowance. Off (no hook
 * at all) when the limit is 0.
 */
export function rateLimitHooks(config: AppConfig): RouteHookFactory | undefined {
  if (config.rateLimitPerMinute === 0) return undefined;
  const limit = config.rateLimitPerMinute;
  const limiter = new RateLimiter(limit);
  registerCache('rate_limit_clients', limiter);
  const keys = new ApiKeyRegistry({
    admin: config.adminApiKeys,
    provider: config.providerApiKeys,
    analyst: config.analystApiKeys,
  });
  const clientOf = (request: FastifyRequest): string => {
    const token = bearerToken(request.headers.authorization);
    const identity = token === undefined ? undefined : keys.identify(token);
    return identity ? `key:${identity.keyId}` : `ip:${request.ip}`;
  };
  const hook: onRequestHookHandler = (request, reply, done) => {
    const decision = limiter.take(clientOf(request));
    if (decision.isAllowed) {
      done();
      return;
    }
    const body = problem(
      429,
      `Rate limit of ${limit} requests per minute reached for this client; retry in ${decision.retryAfterSeconds} s`,
      { instance: request.url.split('?')[0] ?? request.url, requestId: requestIdOf(request) },
    );
    sendProblem(reply, body, decision.retryAfterSeconds);
  };
  return (route) => (isRateLimitedRoute(route.url) ? { onRequest: hook } : undefined);
}
