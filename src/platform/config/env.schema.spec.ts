import { ENV_VARIABLES, InvalidConfigurationError, validateEnv } from './env.schema.js';

describe('validateEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = validateEnv({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      electricityMapsApiUrl: 'https://api.electricitymaps.com/v3',
      electricityMapsApiToken: undefined,
      electricityMapsTimeoutMs: 2000,
      intensityRefreshSeconds: 900,
      forecastRefreshSeconds: 3600,
      adminApiKeys: [],
      providerApiKeys: [],
      analystApiKeys: [],
      rateLimitPerMinute: 600,
      logLevel: 'info',
    });
  });

  it('declares every variable of the API contract', () => {
    const names = ENV_VARIABLES.map((variable) => variable.name);
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'ELECTRICITY_MAPS_API_URL',
      'ELECTRICITY_MAPS_API_TOKEN',
      'ELECTRICITY_MAPS_TIMEOUT_MS',
      'INTENSITY_REFRESH_SECONDS',
      'FORECAST_REFRESH_SECONDS',
      'ADMIN_API_KEYS',
      'PROVIDER_API_KEYS',
      'ANALYST_API_KEYS',
      'RATE_LIMIT_PER_MINUTE',
      'LOG_LEVEL',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('parses comma-separated keys and strips the trailing slash of the API URL', () => {
    const config = validateEnv({
      ADMIN_API_KEYS: 'admin-key-0123456789, admin-key-abcdefghij',
      ELECTRICITY_MAPS_API_URL: 'http://127.0.0.1:9999/v4/',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(config.adminApiKeys).toEqual(['admin-key-0123456789', 'admin-key-abcdefghij']);
    expect(config.electricityMapsApiUrl).toBe('http://127.0.0.1:9999/v4');
    expect(config.rateLimitPerMinute).toBe(0);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
    ['::1', ['::1']],
  ])('reads TRUST_PROXY=%s as %p', (raw, expected) => {
    expect(validateEnv({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be an integer between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres:\/\/ URL/],
    ['ELECTRICITY_MAPS_API_URL', 'not a url', /ELECTRICITY_MAPS_API_URL must be an absolute/],
    ['ELECTRICITY_MAPS_TIMEOUT_MS', '10', /ELECTRICITY_MAPS_TIMEOUT_MS must be an integer between 50/],
    ['ADMIN_API_KEYS', 'short', /ADMIN_API_KEYS each key must be at least 16 characters/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['SEED_ON_START', 'maybe', /SEED_ON_START must be true or false/],
    ['RATE_LIMIT_PER_MINUTE', '-1', /RATE_LIMIT_PER_MINUTE must be an integer/],
    ['LATENCY_MS_PER_100KM', 'fast', /LATENCY_MS_PER_100KM must be a number between 0 and 100/],
    ['LATENCY_ACCESS_MS', '-5', /LATENCY_ACCESS_MS must be a number between 0 and 1000/],
    ['LATENCY_BASE_MS', '1e3', /LATENCY_BASE_MS must be a number/],
    ['TRUST_PROXY', 'the load balancer', /TRUST_PROXY must be true, false, a hop count/],
    ['SHUTDOWN_TIMEOUT_MS', '10', /SHUTDOWN_TIMEOUT_MS must be an integer between 1000/],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    expect(() => validateEnv({ [name]: value })).toThrow(message);
  });

  it('reads the latency model, decimals included', () => {
    expect(validateEnv({})).toMatchObject({ latencyBaseMs: 5, latencyMsPer100Km: 1.6, latencyAccessMs: 15 });
    expect(
      validateEnv({ LATENCY_BASE_MS: '0', LATENCY_MS_PER_100KM: '2.2', LATENCY_ACCESS_MS: '7.5' }),
    ).toMatchObject({ latencyBaseMs: 0, latencyMsPer100Km: 2.2, latencyAccessMs: 7.5 });
  });

  it('names every bad variable at once and never echoes a secret', () => {
    let error: unknown;
    try {
      validateEnv({ PORT: 'x', PROVIDER_API_KEYS: 'tiny-secret', LOG_LEVEL: 'nope' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigurationError);
    const problems = (error as InvalidConfigurationError).problems.map((problem) => problem.variable);
    expect(problems).toEqual(['PORT', 'PROVIDER_API_KEYS', 'LOG_LEVEL']);
    expect((error as Error).message).not.toContain('tiny-secret');
  });
});
