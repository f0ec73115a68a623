/**
 * JSON Schema of GET /intensity/:zone, given to Fastify so that it serialises the answer with
 * fast-json-stringify. It must list the same fields as ZoneIntensityDto: the OpenAPI e2e test
 * compares them.
 */
export const INTENSITY_VALUE_JSON_SCHEMA = {
  type: 'object',
  properties: {
    zone: { type: 'string' },
    gCo2ePerKwh: { type: 'number' },
    source: { type: 'string' },
    datetime: { type: 'string' },
    isEstimated: { type: 'boolean' },
    ageSeconds: { type: 'integer' },
  },
  required: ['zone', 'gCo2ePerKwh', 'source', 'datetime', 'isEstimated', 'ageSeconds'],
} as const;

export const WINDOW_INTENSITY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    ...INTENSITY_VALUE_JSON_SCHEMA.properties,
    from: { type: 'string' },
    to: { type: 'string' },
    sources: { type: 'array', items: { type: 'string' } },
  },
  required: [...INTENSITY_VALUE_JSON_SCHEMA.required, 'from', 'to', 'sources'],
} as const;

export const FORECAST_POINT_JSON_SCHEMA = {
  type: 'object',
  properties: { datetime: { type: 'string' }, gCo2ePerKwh: { type: 'number' } },
  required: ['datetime', 'gCo2ePerKwh'],
} as const;

export const ZONE_INTENSITY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    zone: { type: 'string' },
    latest: INTENSITY_VALUE_JSON_SCHEMA,
    forecast: { type: 'array', items: FORECAST_POINT_JSON_SCHEMA },
    window: WINDOW_INTENSITY_JSON_SCHEMA,
    degraded: { type: 'boolean' },
  },
  required: ['zone', 'latest', 'forecast', 'degraded'],
} as const;
