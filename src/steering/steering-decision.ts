import type { LocationStatus, DecisionReason } from './domain/choose-origin.js';
import type { LocationMethod } from './domain/viewer-hints.js';
import type { ViewerHints } from './domain/viewer-hints.js';
import type { Resolution } from '../footprint/domain/coefficients.js';
import type { RttSource } from '../latency/domain/ewma.js';

/** A steering question (docs/STEERING.md#the-decision): GET /video and the content-steering routes ask it. */
export interface SteeringRequest {
  /** Delivery service id; may be left out when exactly one service is enabled. */
  service?: string;
  videoId: string;
  viewer: ViewerHints;
  /** The playback session; a new one is issued when absent. */
  sessionId?: string;
  /** The session's throughput as the player reports it (_HLS_throughput), bits/s; logged. */
  throughputBps?: number;
  /** The pathway the player is on (_HLS_pathway / _DASH_pathway): the session's origin when this instance does not know the session. */
  currentPathway?: string;
  /** Asset path below the video for `{path}` in URL templates (e.g. `master.m3u8`); default ''. */
  path?: string;
  /** Viewing time the emissions are computed over, minutes; default 60. */
  durationMinutes?: number;
  /** Default 1080p. */
  resolution?: Resolution;
  /** `video`, `hls`, `dash`: what asked (logged, counted). */
  channel: string;
}

export interface LocationIntensity {
  zone: string;
  gCo2ePerKwh: number;
  /** live, forecast, stored, profile, reference (the worst that contributed). */
  source: string;
}

/** One origin of the service in a decision, ranked (Traffic Router's client-steering `locations`). */
export interface SteeringLocation {
  originId: string;
  pathway: string;
  regionId: string;
  /** The origin URL for this video. */
  url: string;
  status: LocationStatus;
  /** Why it stands where it stands, in words. */
  reason: string;
  intensity: LocationIntensity | null;
  estimatedRttMs: number | null;
  /** measured, probe or model (docs/LATENCY.md); null when not eligible. */
  rttSource: RttSource | null;
  distanceKm: number | null;
  emissionsG: number | null;
  costUsd: number | null;
  score: number | null;
  liveSessions: number;
  capacity: number | null;
  /** Recent samples behind a measured or probed estimatedRttMs; 0 for the model; null when not eligible. */
  rttSamples: number | null;
}

export interface SteeringSavings {
  versusOriginId: string;
  basis: 'nearest-eligible';
  emissionsG: number;
  percent: number;
}

export interface SteeringViewer {
  countryCode: string | null;
  zone: string | null;
  latitude: number | null;
  longitude: number | null;
  locatedBy: LocationMethod;
}

export interface SteeringDecision {
  decisionId: string;
  decidedAt: string;
  service: string;
  videoId: string;
  sessionId: string;
  isNewSession: boolean;
  /** The chosen origin (also locations[0]). */
  origin: SteeringLocation;
  /** Where to send the viewer (origin.url). */
  url: string;
  /** Every enabled origin of the service: the chosen one, the other eligible ones by rank, then the rest. */
  locations: SteeringLocation[];
  reason: DecisionReason;
  /** The session's previous origin when it moved. */
  switchedFrom: string | null;
  savings: SteeringSavings | null;
  closeCall: boolean;
  viewer: SteeringViewer;
  model: string;
  maxLatencyMs: number;
  window: { startAt: string; endAt: string };
  degraded: boolean;
  /** Time spent deciding, ms (for Server-Timing). */
  decideMs: number;
}
