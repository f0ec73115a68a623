import { defineEvent } from '../platform/events/event-bus.js';
import type { Catalogue } from './domain/catalogue.js';

/** The catalogue in memory was replaced (a write here or on another instance); the payload is the new one. */
export const CATALOGUE_CHANGED = defineEvent<Catalogue>('regions.catalogue-changed');
