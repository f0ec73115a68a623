import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AppConfig } from '../config/env.schema.js';
import { ApiKeyRegistry, bearerToken } from './api-keys.js';
import { problem } from './problem.js';
import { sendProblem } from './problem-details.filter.js';
import { RateLimiter } from './rate-limiter.js';
import { requestIdOf } from './request-id.js';
import type { RouteHookFactory } from './route-hooks.js';

/**
 * Security headers of every answer, built once. For a JSON API most browser protections are moot,
 * but these cost nothing and cover the HTML the service does serve (Swagger UI at /docs, whose
 * scripts and styles come from this origin; it has inline styles, no inline scripts).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Ignored by browsers over plain HTTP; in production the service sits behind TLS.
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
};
const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/** Adds the security headers to a reply (called from the request hook every route already has). */
export function setSecurityHeaders(reply: { header(name: string, value: string): unknown }): void {
  for (const [name, value] of SECURITY_HEADER_ENTRIES) reply.header(name, value);
}

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

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** CORS_ORIGINS: empty = no CORS headers at all (and no hook), `*` = any origin, else the list. */
export function corsOptions(origins: string[]): CorsOptions | undefined {
  if (origins.length === 0) return undefined;
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
    maxAge: 600,
    credentials: false,
  };
}

/**
 * `@RouteConfig(STREAMING_ROUTE)` on a handler that streams a long answer (e.g. a CSV export):
 * REQUEST_TIMEOUT_MS would otherwise answer 503 in the middle of it.
 */
export const STREAMING_ROUTE = { isStreaming: true } as const;
