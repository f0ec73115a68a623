/**
 * JSON Schemas of the recommendation responses, given to Fastify so that it serialises them with
 * fast-json-stringify. They must list the same fields as the DTOs: test/e2e/openapi.e2e-spec.ts
 * compares them.
 */
import { WINDOW_INTENSITY_JSON_SCHEMA } from '../../intensity/http/intensity.schema.js';

const nullableNumber = { type: ['number', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const CANDIDATE_JSON_SCHEMA = {
  type: 'object',
  properties: {
    regionId: { type: 'string' },
    provider: { type: 'string' },
    displayName: { type: 'string' },
    countryCode: { type: 'string' },
    zone: { type: 'string' },
    distanceKm: { type: 'number' },
    estimatedRttMs: { type: 'number' },
    intensity: WINDOW_INTENSITY_JSON_SCHEMA,
    pue: { type: 'number' },
    dataCentreEnergyKwh: { type: 'number' },
    emissionsG: { type: 'number' },
    costUsd: nullableNumber,
    egressUsdPerGb: nullableNumber,
    score: { type: 'number' },
  },
  // Every field, in order: fast-json-stringify writes required fields first.
  required: [
    'regionId',
    'provider',
    'displayName',
    'countryCode',
    'zone',
    'distanceKm',
    'estimatedRttMs',
    'intensity',
    'pue',
    'dataCentreEnergyKwh',
    'emissionsG',
    'costUsd',
    'egressUsdPerGb',
    'score',
  ],
} as const;

export const RECOMMENDATION_JSON_SCHEMA = {
  type: 'object',
  properties: {
    recommendation: CANDIDATE_JSON_SCHEMA,
    candidates: { type: 'array', items: CANDIDATE_JSON_SCHEMA },
    paretoFront: { type: 'array', items: { type: 'string' } },
    excluded: {
      type: 'array',
      items: {
        type: 'object',
        properties: { regionId: { type: 'string' }, reason: { type: 'string' } },
        required: ['regionId', 'reason'],
      },
    },
    savings: {
      type: 'object',
      properties: {
        versusRegionId: { type: 'string' },
        basis: { type: 'string' },
        emissionsG: { type: 'number' },
        percent: { type: 'number' },
      },
      required: ['versusRegionId', 'basis', 'emissionsG', 'percent'],
    },
    window: {
      type: 'object',
      properties: { startAt: { type: 'string' }, endAt: { type: 'string' } },
      required: ['startAt', 'endAt'],
    },
    closeCall: { type: 'boolean' },
    model: { type: 'string' },
    dataVolumeGb: { type: 'number' },
    eligibility: { type: 'string' },
    maxLatencyMs: nullableNumber,
    ranking: {
      type: 'object',
      properties: {
        by: { type: 'string' },
        carbonPriceUsdPerTonne: nullableNumber,
        costWeight: nullableNumber,
      },
      required: ['by', 'carbonPriceUsdPerTonne', 'costWeight'],
    },
    viewer: {
      type: 'object',
      properties: {
        countryCode: nullableString,
        zone: nullableString,
        latitude: { type: 'number' },
        longitude: { type: 'number' },
        locatedBy: { type: 'string' },
      },
      required: ['countryCode', 'zone', 'latitude', 'longitude', 'locatedBy'],
    },
    eligibleCount: { type: 'integer' },
    degraded: { type: 'boolean' },
  },
  required: [
    'recommendation',
    'candidates',
    'paretoFront',
    'excluded',
    'savings',
    'window',
    'closeCall',
    'model',
    'dataVolumeGb',
    'eligibility',
    'maxLatencyMs',
    'ranking',
    'viewer',
    'eligibleCount',
    'degraded',
  ],
} as const;

const WINDOW_CHOICE_JSON_SCHEMA = {
  type: 'object',
  properties: {
    startAt: { type: 'string' },
    endAt: { type: 'string' },
    intensity: WINDOW_INTENSITY_JSON_SCHEMA,
  },
  required: ['startAt', 'endAt', 'intensity'],
} as const;

export const BEST_WINDOW_JSON_SCHEMA = {
  type: 'object',
  properties: {
    zone: { type: 'string' },
    region: nullableString,
    durationMinutes: { type: 'number' },
    within: { type: 'string' },
    best: WINDOW_CHOICE_JSON_SCHEMA,
    now: WINDOW_CHOICE_JSON_SCHEMA,
    saving: {
      type: 'object',
      properties: { gCo2ePerKwh: { type: 'number' }, percent: { type: 'number' } },
      required: ['gCo2ePerKwh', 'percent'],
    },
    waitMinutes: { type: 'number' },
    latestStartAt: { type: 'string' },
    startsEvaluated: { type: 'integer' },
    degraded: { type: 'boolean' },
  },
  required: [
    'zone',
    'region',
    'durationMinutes',
    'within',
    'best',
    'now',
    'saving',
    'waitMinutes',
    'latestStartAt',
    'startsEvaluated',
    'degraded',
  ],
} as const;
