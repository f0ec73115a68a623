import { defineEvent } from '../platform/events/event-bus.js';

/** A probe this instance made (it is the leader), for the per-origin probe counters. */
export interface OriginProbed {
  serviceId: string;
  originId: string;
  ok: boolean;
  rttMs: number | null;
}

export const ORIGIN_PROBED = defineEvent<OriginProbed>('origin-health.probed');
