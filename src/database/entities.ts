import { IdempotencyRecordEntity } from '../consumption/idempotency-record.entity.js';
import { ViewClientIdEntity } from '../consumption/view-client-id.entity.js';
import { ViewRollupEntity } from '../consumption/view-rollup.entity.js';
import { ViewEntity } from '../consumption/view.entity.js';
import { CountryBorderEntity } from '../geo/country-border.entity.js';
import { CountryEntity } from '../geo/country.entity.js';
import { RegionLinkEntity } from '../geo/region-link.entity.js';
import { IntensityObservationEntity } from '../intensity/intensity-observation.entity.js';
import { IntensityRefreshStateEntity } from '../intensity/intensity-refresh-state.entity.js';
import { ProviderEntity } from '../regions/provider.entity.js';
import { RegionEntity } from '../regions/region.entity.js';

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
