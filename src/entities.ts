import { IdempotencyRecordEntity } from './consumption/persistence/idempotency-record.entity.js';
import { ViewClientIdEntity } from './consumption/persistence/view-client-id.entity.js';
import { ViewRollupEntity } from './consumption/persistence/view-rollup.entity.js';
import { ViewEntity } from './consumption/persistence/view.entity.js';
import { CountryBorderEntity } from './geo/persistence/country-border.entity.js';
import { CountryEntity } from './geo/persistence/country.entity.js';
import { RegionLinkEntity } from './geo/persistence/region-link.entity.js';
import { IntensityObservationEntity } from './intensity/persistence/intensity-observation.entity.js';
import { IntensityRefreshStateEntity } from './intensity/persistence/intensity-refresh-state.entity.js';
import { ProviderEntity } from './regions/persistence/provider.entity.js';
import { RegionEntity } from './regions/persistence/region.entity.js';

/** Every entity, listed explicitly so that the same list serves the app, the CLI and the tests. */
export const ENTITIES = [
  ProviderEntity,
  RegionEntity,
  CountryEntity,
  CountryBorderEntity,
  RegionLinkEntity,
  IntensityObservationEntity,
  IntensityRefreshStateEntity,
  ViewEntity,
  ViewRollupEntity,
  ViewClientIdEntity,
  IdempotencyRecordEntity,
];
