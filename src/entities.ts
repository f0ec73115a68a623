import { CONSUMPTION_ENTITIES } from './consumption/persistence/consumption.entities.js';
import { GEO_ENTITIES } from './geo/persistence/geo.entities.js';
import { INTENSITY_ENTITIES } from './intensity/persistence/intensity.entities.js';
import { REGIONS_ENTITIES } from './regions/persistence/regions.entities.js';
import { STEERING_ENTITIES } from './steering/persistence/steering.entities.js';

/** Every entity, listed explicitly so that the same list serves the app, the CLI and the tests. */
export const ENTITIES = [
  ...REGIONS_ENTITIES,
  ...GEO_ENTITIES,
  ...INTENSITY_ENTITIES,
  ...CONSUMPTION_ENTITIES,
  ...STEERING_ENTITIES,
];
