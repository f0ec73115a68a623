import { IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { ViewClientIdEntity } from './view-client-id.entity.js';
import { ViewRollupEntity } from './view-rollup.entity.js';
import { ViewEntity } from './view.entity.js';

/** The tables consumption owns, for the composition root's entity list. */
export const CONSUMPTION_ENTITIES = [
  ViewEntity,
  ViewRollupEntity,
  ViewClientIdEntity,
  IdempotencyRecordEntity,
];
