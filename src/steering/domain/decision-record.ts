/**
 * One row of the decision log (docs/STEERING.md#the-dataset-get-decisions): one decision, which names
 * the set of its candidates and gives each candidate's live sessions. Pure types.
 */
import type { DecisionReason, LocationStatus } from './choose-origin.js';
import type { LocationMethod } from './viewer-hints.js';
import type { RttSource } from '../../latency/domain/ewma.js';

/**
 * A candidate as the log keeps it. Every field but `liveSessions` must be the same for the decisions
 * that share a recommendation answer, a directory version and the candidates' order and statuses:
 * the log stores those fields once per set (docs/STEERING.md#how-the-log-stores-candidates).
 */
export interface CandidateRecord {
  originId: string;
  regionId: string;
  pathway: string;
  status: LocationStatus;
  /** Grid zone of the region; null when the region is not in the catalogue. */
  zone: string | null;
  gCo2ePerKwh: number | null;
  intensitySource: string | null;
  estimatedRttMs: number | null;
  /** Where estimatedRttMs comes from: real users' samples, probes or the distance model (docs/LATENCY.md). */
  rttSource: RttSource | null;
  distanceKm: number | null;
  emissionsG: number | null;
  costUsd: number | null;
  liveSessions: number;
  capacity: number | null;
}

export interface DecisionRecord {
  decidedAt: Date;
  decisionId: string;
  serviceId: string;
  videoId: string;
  /** SHA-256 of the session id, hex, first 32 characters: sessions can be followed, not named. */
  sessionHash: string;
  isNewSession: boolean;
  viewerCountry: string | null;
  viewerZone: string | null;
  /** Coarse: rounded to 0.1 degree (about 10 km). */
  viewerLat: number | null;
  viewerLon: number | null;
  locatedBy: LocationMethod;
  originId: string;
  regionId: string;
  pathway: string;
  reason: DecisionReason;
  switchedFrom: string | null;
  model: string;
  degraded: boolean;
  gramsAvoided: number | null;
  throughputBps: number | null;
  channel: string;
  instanceId: string;
  /** The id of the decision's set of candidates, stored once (docs/STEERING.md#how-the-log-stores-candidates). */
  candidateSet: string;
  /** Each candidate's live sessions, in the set's order: the one field a set leaves to its decisions. */
  liveSessions: number[];
}

/** A set of candidates as the log stores it, once per UTC day. */
export interface CandidateSetRecord {
  setId: string;
  /** The UTC day (YYYY-MM-DD) of the decisions that name it. */
  day: string;
  /** candidateSetJson of the candidates. */
  candidates: string;
}

/** What a session measured on a region: a measure that labels its decisions there (docs/LATENCY.md#labels). */
export interface SessionMeasure {
  sessionHash: string;
  serviceId: string | null;
  regionId: string;
  rttMs: number | null;
  throughputBps: number | null;
  atMs: number;
}
