import { defineEvent } from '../platform/events/event-bus.js';

/** One POST /consumption batch stored (replays of an idempotent request are not emitted). */
export const VIEWS_INGESTED = defineEvent<{ accepted: number; duplicates: number }>(
  'consumption.views-ingested',
);

/** The rollup deltas were folded into the rollups; the payload is when the compaction ended. */
export const ROLLUPS_COMPACTED = defineEvent<Date>('consumption.rollups-compacted');
