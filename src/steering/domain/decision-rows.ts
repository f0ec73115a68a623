/**
 * The decision log's rows on the way in (COPY text format) and out (CSV, cursor). Pure.
 * Columns and their meaning: docs/STEERING.md#the-dataset-get-decisions.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { CandidateRecord, DecisionRecord } from './decision-record.js';
import { isoTimestamp } from './iso-timestamp.js';

/** Column order of COPY, of the export and of the CSV header. */
export const DECISION_COLUMNS = [
  'decided_at',
  'decision_id',
  'service_id',
  'video_id',
  'session_hash',
  'is_new_session',
  'viewer_country',
  'viewer_zone',
  'viewer_lat',
  'viewer_lon',
  'located_by',
  'origin_id',
  'region_id',
  'pathway',
  'reason',
  'switched_from',
  'model',
  'degraded',
  'grams_avoided',
  'throughput_bps',
  'channel',
  'instance_id',
  'candidates',
] as const;

/** Queued decisions, encoded: `bytes` holds `lines` whole COPY lines (copyLine, UTF-8). */
export interface EncodedDecisions {
  bytes: Buffer;
  lines: number;
  /** The whole buffer `bytes` is the start of: the queue fills it again once the batch is stored. */
  chunk: Buffer;
}

/**
 * One line of COPY … FROM STDIN (text format): tab-separated, \N for null, backslash escapes.
 * Built by concatenation, field by field, with the candidates' JSON written by hand: it runs on the
 * request path for every decision (the queue holds this line, not the record), where the generic
 * version (an array of values, map, join, JSON.stringify) cost about 10 µs
 * (docs/BENCHMARKS.md#decision-log-cost). decision-rows.spec.ts checks it against that version.
 */
export function copyLine(record: DecisionRecord): string {
  const line =
    isoTimestamp(record.decidedAt.getTime()) +
    '\t' +
    copyText(record.decisionId) +
    '\t' +
    copyText(record.serviceId) +
    '\t' +
    copyText(record.videoId) +
    '\t' +
    copyText(record.sessionHash) +
    '\t' +
    copyBoolean(record.isNewSession) +
    '\t' +
    copyText(record.viewerCountry) +
    '\t' +
    copyText(record.viewerZone) +
    '\t' +
    copyNumber(record.viewerLat) +
    '\t' +
    copyNumber(record.viewerLon) +
    '\t' +
    copyText(record.locatedBy) +
    '\t' +
    copyText(record.originId) +
    '\t' +
    copyText(record.regionId) +
    '\t' +
    copyText(record.pathway) +
    '\t' +
    copyText(record.reason) +
    '\t' +
    copyText(record.switchedFrom) +
    '\t' +
    copyText(record.model) +
    '\t' +
    copyBoolean(record.degraded) +
    '\t' +
    copyNumber(record.gramsAvoided) +
    '\t' +
    copyNumber(record.throughputBps) +
    '\t' +
    copyText(record.channel) +
    '\t' +
    copyText(record.instanceId) +
    '\t' +
    candidatesCopyText(record.candidates) +
    '\n';
  // Concatenation builds a tree of some 90 string pieces; reading a character makes V8 copy it
  // into one flat string at once (the pieces die young), as it would anyway when writing it.
  line.charCodeAt(0);
  return line;
}

/** Set by jsonString when a string needed escaping (the JSON then holds backslashes). */
let jsonEscaped = false;

/** The candidates' JSON as a COPY field: backslashes doubled, only when it holds any. */
function candidatesCopyText(candidates: readonly CandidateRecord[]): string {
  jsonEscaped = false;
  const json = candidatesJson(candidates);
  // JSON has no raw tab or line break (JSON.stringify escapes them): backslashes are all to escape.
  return jsonEscaped ? copyText(json) : json;
}

/**
 * A candidate's fields in the order the log stores them: each candidate is stored as an array of
 * its values in this order, not as an object, which halves a decision row (the keys were most of
 * it) and PostgreSQL's work per decision (docs/BENCHMARKS.md#stored-candidates). The export
 * names them again (expandCandidates).
 */
export const CANDIDATE_FIELDS = [
  'originId',
  'regionId',
  'pathway',
  'status',
  'zone',
  'gCo2ePerKwh',
  'intensitySource',
  'estimatedRttMs',
  'rttSource',
  'distanceKm',
  'emissionsG',
  'costUsd',
  'liveSessions',
  'capacity',
] as const satisfies readonly (keyof CandidateRecord)[];

/**
 * The candidates as stored: JSON.stringify of each candidate's values in CANDIDATE_FIELDS order,
 * the same text, written by hand.
 */
export function candidatesJson(candidates: readonly CandidateRecord[]): string {
  let json = '[';
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index];
    if (index > 0) json += ',';
    json +=
      '[' +
      jsonString(candidate.originId) +
      ',' +
      jsonString(candidate.regionId) +
      ',' +
      jsonString(candidate.pathway) +
      ',' +
      jsonString(candidate.status) +
      ',' +
      jsonString(candidate.zone) +
      ',' +
      jsonNumber(candidate.gCo2ePerKwh) +
      ',' +
      jsonString(candidate.intensitySource) +
      ',' +
      jsonNumber(candidate.estimatedRttMs) +
      ',' +
      jsonString(candidate.rttSource) +
      ',' +
      jsonNumber(candidate.distanceKm) +
      ',' +
      jsonNumber(candidate.emissionsG) +
      ',' +
      jsonNumber(candidate.costUsd) +
      ',' +
      jsonNumber(candidate.liveSessions) +
      ',' +
      jsonNumber(candidate.capacity) +
      ']';
  }
  return json + ']';
}

/** Candidates stored as arrays of values (from 2026-12-02), not as objects. */
const STORED_AS_ARRAYS = /^\s*\[\s*\[/;

/**
 * The stored candidates (JSON text) as the dataset gives them: a list of objects named by
 * CANDIDATE_FIELDS. Rows written before 2026-12-02 stored the objects themselves and are given as
 * they are.
 */
export function expandCandidates(stored: string): string {
  if (!STORED_AS_ARRAYS.test(stored)) return stored;
  const rows = JSON.parse(stored) as unknown[][];
  return JSON.stringify(
    rows.map((values) => {
      const candidate: Record<string, unknown> = {};
      for (let index = 0; index < CANDIDATE_FIELDS.length; index++)
        candidate[CANDIDATE_FIELDS[index]] = values[index] ?? null;
      return candidate;
    }),
  );
}

const NEEDS_COPY_ESCAPE = /[\\\t\n\r]/;
/** What JSON.stringify escapes in a string: quote, backslash, controls, surrogates (lone ones). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_COPY_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}

function copyNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '\\N' : String(value);
}

function copyBoolean(value: boolean): string {
  return value ? 't' : 'f';
}

function jsonString(value: string | null): string {
  if (value === null) return 'null';
  if (!NEEDS_JSON_ESCAPE.test(value)) return '"' + value + '"';
  jsonEscaped = true;
  return JSON.stringify(value);
}

/** As JSON.stringify: a non-finite number is null. */
function jsonNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'null' : String(value);
}

/** Where an export page ended: the (decided_at, decision_id) of its last row. */
export interface DecisionPosition {
  decidedAt: Date;
  decisionId: string;
}

export function encodeDecisionCursor(position: DecisionPosition): string {
  return Buffer.from(`d1|${position.decidedAt.toISOString()}|${position.decisionId}`, 'utf8').toString(
    'base64url',
  );
}

export function decodeDecisionCursor(cursor: string): DecisionPosition {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^d1\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(text);
  const decidedAt = match ? new Date(match[1]) : undefined;
  if (!match || !decidedAt || Number.isNaN(decidedAt.getTime()))
    throw InvalidInputError.forField(
      'cursor',
      'is not a cursor this API gave (use the X-Next-Cursor header as is)',
    );
  return { decidedAt, decisionId: match[2] };
}
