import { validateEnv } from '../config/env.schema.js';
import { corsOptions } from './cors.js';
import { isRateLimitedRoute, rateLimitHooks } from './rate-limit.hooks.js';

describe('HTTP hardening', () => {
  it('never limits the health and metrics routes, and limits the rest (unknown paths included)', () => {
    for (const url of ['/health', '/health/live', '/health/ready', '/health/electricity-maps', '/metrics']) {
      expect([url, isRateLimitedRoute(url)]).toEqual([url, false]);
    }
    for (const url of ['/regions', '/intensity/:zone', '/healthy', '/metricsx', '', '/docs']) {
      expect([url, isRateLimitedRoute(url)]).toEqual([url, true]);
    }
  });

  it('adds no rate-limit hook at all when the limit is 0', () => {
    expect(rateLimitHooks(validateEnv({ RATE_LIMIT_PER_MINUTE: '0' }))).toBeUndefined();
    const factory = rateLimitHooks(validateEnv({ RATE_LIMIT_PER_MINUTE: '5' }));
    expect(
      factory?.({ url: '/regions', method: 'GET', isNotFound: false, isStreaming: false })?.onRequest,
    ).toBeInstanceOf(Function);
    expect(
      factory?.({ url: '/health/ready', method: 'GET', isNotFound: false, isStreaming: false }),
    ).toBeUndefined();
  });

  it('turns CORS on only for listed origins, * meaning any', () => {
    expect(corsOptions([])).toBeUndefined();
    expect(corsOptions(['*'])?.origin).toBe('*');
    expect(corsOptions(['https://a.example', 'https://b.example'])?.origin).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
