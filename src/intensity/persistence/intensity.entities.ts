import { IntensityObservationEntity } from './intensity-observation.entity.js';
import { IntensityRefreshStateEntity } from './intensity-refresh-state.entity.js';

/** The tables intensity owns, for the composition root's entity list. */
export const INTENSITY_ENTITIES = [IntensityObservationEntity, IntensityRefreshStateEntity];
