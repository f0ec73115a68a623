import { defineEvent } from '../platform/events/event-bus.js';
import type { BreakerState, CallEvent } from './adapters/electricity-maps/electricity-maps.types.js';
import type { IntensitySource } from './domain/intensity.types.js';

export type { BreakerState, CallEvent };

/** One intensity value served (a current value or a window average), with its source. */
export const INTENSITY_ANSWERED = defineEvent<IntensitySource>('intensity.answered');

/** One call to Electricity Maps ended (short-circuited calls included; each past-range chunk is a call). */
export const ELECTRICITY_MAPS_CALLED = defineEvent<CallEvent>('intensity.electricity-maps-called');
