import { DeliveryServiceEntity } from './delivery-service.entity.js';
import { OriginEntity } from './origin.entity.js';

/** The tables steering owns that TypeORM maps (the decision log and origin loads are plain SQL). */
export const STEERING_ENTITIES = [DeliveryServiceEntity, OriginEntity];
