/**
 * JSON Schemas of the region responses, given to Fastify so that it serialises them with
 * fast-json-stringify (several times faster than JSON.stringify for these arrays). They must
 * list the same fields as RegionDto: test/e2e/openapi.e2e-spec.ts compares them.
 */
const nullableNumber = { type: ['number', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const REGION_JSON_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    provider: { type: 'string' },
    code: { type: 'string' },
    displayName: { type: 'string' },
    city: { type: 'string' },
    countryCode: { type: 'string' },
    latitude: { type: 'number' },
    longitude: { type: 'number' },
    zone: { type: 'string' },
    referenceIntensityGPerKwh: { type: 'number' },
    referenceIntensitySource: { type: 'string' },
    pue: { type: 'number' },
    pueSource: { type: 'string' },
    access: { type: 'string' },
    egressUsdPerGb: nullableNumber,
    egressPriceSource: nullableString,
    originUrlTemplate: nullableString,
    enabled: { type: 'boolean' },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'provider', 'code', 'zone'],
} as const;

export const REGION_PAGE_JSON_SCHEMA = {
  type: 'object',
  properties: {
    items: { type: 'array', items: REGION_JSON_SCHEMA },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
} as const;
