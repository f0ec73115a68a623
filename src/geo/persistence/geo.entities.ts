import { CountryBorderEntity } from './country-border.entity.js';
import { CountryEntity } from './country.entity.js';
import { RegionLinkEntity } from './region-link.entity.js';

/** The tables geo owns, for the composition root's entity list. */
export const GEO_ENTITIES = [CountryEntity, CountryBorderEntity, RegionLinkEntity];
