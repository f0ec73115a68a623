import { defineEvent } from '../platform/events/event-bus.js';

/** What a playback measured on one region, for the decision log's labels (docs/LATENCY.md#labels). */
export interface SessionLabel {
  sessionId: string;
  /** The delivery service, when the sample named it. */
  serviceId: string | null;
  regionId: string;
  rttMs: number | null;
  throughputBps: number | null;
  atMs: number;
}

/** Samples carrying session ids were stored: steering labels the sessions' decisions. */
export const LATENCY_SESSIONS_MEASURED = defineEvent<{ labels: SessionLabel[] }>('latency.sessions-measured');

/** Samples were stored (POST /latency-samples or the players' throughput reports), for the metrics. */
export const LATENCY_SAMPLES_STORED = defineEvent<{ samples: number; source: 'api' | 'player-report' }>(
  'latency.samples-stored',
);
