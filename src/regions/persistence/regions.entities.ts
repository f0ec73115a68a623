import { ProviderEntity } from './provider.entity.js';
import { RegionEntity } from './region.entity.js';

/** The tables regions owns, for the composition root's entity list. */
export const REGIONS_ENTITIES = [ProviderEntity, RegionEntity];
