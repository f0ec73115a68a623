import { defineEvent } from '../platform/events/event-bus.js';

/** One stored batch: counts, and the carbon receipts of the views it added (docs/RECOMMENDATION.md#receipt). */
export interface ViewsIngested {
  accepted: number;
  duplicates: number;
  receipts: {
    /** Sum of the positive receipts, g. */
    avoidedG: number;
    /** Sum of the negative receipts as a positive number, g (views served from a dirtier region). */
    addedG: number;
    withReceipt: number;
    withoutReceipt: number;
  };
}

/** One POST /consumption batch stored (replays of an idempotent request are not emitted). */
export const VIEWS_INGESTED = defineEvent<ViewsIngested>('consumption.views-ingested');

/** The rollup deltas were folded into the rollups; the payload is when the compaction ended. */
export const ROLLUPS_COMPACTED = defineEvent<Date>('consumption.rollups-compacted');
