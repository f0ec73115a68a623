/**
 * The decision log's rows on the way in (COPY text format) and out (CSV, cursor). Pure.
 * Columns and their meaning: docs/STEERING.md#the-dataset-get-decisions.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { CandidateRecord, DecisionRecord, SessionMeasure } from './decision-record.js';
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
  'candidate_set',
  'live_sessions',
] as const;

/** Queued decisions, encoded: `bytes` holds `lines` whole COPY lines (writeCopyLine, UTF-8). */
export interface EncodedDecisions {
  bytes: Buffer;
  lines: number;
  /** The whole buffer `bytes` is the start of: the queue fills it again once the batch is stored. */
  chunk: Buffer;
}

/**
 * One line of COPY … FROM STDIN (text format: tab-separated, \N for null, backslash escapes), as
 * UTF-8 bytes written straight into `target` from `start`: the new end, or -1 when the line may not
 * fit before `target`'s end (nothing is then written past it). It runs on the request path for
 * every decision: no string is built for a line whose text is plain ASCII, so no garbage either
 * (docs/BENCHMARKS.md#lines-written-as-bytes); a value that needs escaping or is not ASCII is
 * written through copyText and TextEncoder. The candidates are not in it: their set's id is, with
 * each candidate's live sessions as a PostgreSQL integer array. decision-rows.spec.ts checks it
 * against the generic way of writing a line (values escaped and joined).
 */
export function writeCopyLine(record: DecisionRecord, target: Uint8Array, start: number): number {
  if (target.length - start < copyLineRoom(record)) return -1;
  let at = writeAscii(isoTimestamp(record.decidedAt.getTime()), target, start);
  target[at++] = TAB;
  at = writeText(record.decisionId, target, at);
  target[at++] = TAB;
  at = writeText(record.serviceId, target, at);
  target[at++] = TAB;
  at = writeText(record.videoId, target, at);
  target[at++] = TAB;
  at = writeText(record.sessionHash, target, at);
  target[at++] = TAB;
  target[at++] = record.isNewSession ? LETTER_T : LETTER_F;
  target[at++] = TAB;
  at = writeText(record.viewerCountry, target, at);
  target[at++] = TAB;
  at = writeText(record.viewerZone, target, at);
  target[at++] = TAB;
  at = writeAscii(numberText(0, record.viewerLat), target, at);
  target[at++] = TAB;
  at = writeAscii(numberText(1, record.viewerLon), target, at);
  target[at++] = TAB;
  at = writeText(record.locatedBy, target, at);
  target[at++] = TAB;
  at = writeText(record.originId, target, at);
  target[at++] = TAB;
  at = writeText(record.regionId, target, at);
  target[at++] = TAB;
  at = writeText(record.pathway, target, at);
  target[at++] = TAB;
  at = writeText(record.reason, target, at);
  target[at++] = TAB;
  at = writeText(record.switchedFrom, target, at);
  target[at++] = TAB;
  at = writeText(record.model, target, at);
  target[at++] = TAB;
  target[at++] = record.degraded ? LETTER_T : LETTER_F;
  target[at++] = TAB;
  at = writeAscii(numberText(2, record.gramsAvoided), target, at);
  target[at++] = TAB;
  at = writeAscii(numberText(3, record.throughputBps), target, at);
  target[at++] = TAB;
  at = writeText(record.channel, target, at);
  target[at++] = TAB;
  at = writeText(record.instanceId, target, at);
  target[at++] = TAB;
  at = writeText(record.candidateSet, target, at);
  target[at++] = TAB;
  target[at++] = OPEN_BRACE;
  const sessions = record.liveSessions;
  for (let index = 0; index < sessions.length; index++) {
    if (index > 0) target[at++] = COMMA;
    const count = sessions[index];
    at = writeAscii(Number.isSafeInteger(count) ? String(count) : 'NULL', target, at);
  }
  target[at++] = CLOSE_BRACE;
  target[at++] = LINE_FEED;
  return at;
}

/**
 * Bytes writeCopyLine may need for the record at most: a UTF-16 unit escaped is 2 characters, and
 * a character is at most 3 bytes in UTF-8 per unit; numbers are at most 24 characters.
 */
export function copyLineRoom(record: DecisionRecord): number {
  const textUnits =
    record.decisionId.length +
    record.serviceId.length +
    record.videoId.length +
    record.sessionHash.length +
    (record.viewerCountry?.length ?? 2) +
    (record.viewerZone?.length ?? 2) +
    record.locatedBy.length +
    record.originId.length +
    record.regionId.length +
    record.pathway.length +
    record.reason.length +
    (record.switchedFrom?.length ?? 2) +
    record.model.length +
    record.channel.length +
    record.instanceId.length +
    record.candidateSet.length;
  return 6 * textUnits + 24 * 5 + 32 + 17 * record.liveSessions.length + 3;
}

/**
 * copyNumber of the last value seen in each of writeCopyLine's 4 number columns: a number's
 * shortest decimal form is the dearest part of a line, and consecutive decisions mostly repeat
 * them (the viewer's place, to 0.1°, and the grams avoided of their shared candidates). Pure; four
 * entries, no growth.
 */
const lastNumbers: (number | null)[] = [null, null, null, null];
const lastNumberTexts: string[] = ['\\N', '\\N', '\\N', '\\N'];

function numberText(column: number, value: number | null): string {
  if (value !== lastNumbers[column]) {
    lastNumbers[column] = value;
    lastNumberTexts[column] = copyNumber(value);
  }
  return lastNumberTexts[column];
}

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const BACKSLASH = 92;
const COMMA = 44;
const LETTER_F = 102;
const LETTER_N = 78;
const LETTER_T = 116;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const UTF8 = new TextEncoder();

/** ASCII text as it is (the caller knows it is ASCII and needs no escape). */
function writeAscii(text: string, target: Uint8Array, at: number): number {
  for (let index = 0; index < text.length; index++) target[at + index] = text.charCodeAt(index);
  return at + text.length;
}

/** copyText(value) in UTF-8: byte per character while plain ASCII, else through the encoder. */
function writeText(value: string | null, target: Uint8Array, at: number): number {
  if (value === null) {
    target[at] = BACKSLASH;
    target[at + 1] = LETTER_N;
    return at + 2;
  }
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (
      code >= 0x80 ||
      code === BACKSLASH ||
      code === TAB ||
      code === LINE_FEED ||
      code === CARRIAGE_RETURN
    ) {
      return at + UTF8.encodeInto(copyText(value), target.subarray(at)).written;
    }
    target[at + index] = code;
  }
  return at + value.length;
}

/** Column order of the session measures' COPY. */
export const MEASURE_COLUMNS = [
  'measured_at',
  'session_hash',
  'service_id',
  'region_id',
  'rtt_ms',
  'throughput_bps',
] as const;

/**
 * One line of COPY … FROM STDIN for steering_session_measures: a measure per player report, written
 * as text, not as six parameter arrays (which node-postgres quoted value by value and PostgreSQL
 * parsed back, docs/BENCHMARKS.md#measures-copied).
 */
export function measureCopyLine(measure: SessionMeasure): string {
  return (
    isoTimestamp(measure.atMs) +
    '\t' +
    copyText(measure.sessionHash) +
    '\t' +
    copyText(measure.serviceId) +
    '\t' +
    copyText(measure.regionId) +
    '\t' +
    copyNumber(measure.rttMs) +
    '\t' +
    copyNumber(measure.throughputBps) +
    '\n'
  );
}

/**
 * A candidate's fields in the order the log stores them: each candidate is stored as an array of
 * its values in this order, not as an object (the keys were most of the bytes,
 * docs/BENCHMARKS.md#stored-candidates). The export names them again (expandCandidates).
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

/** Where liveSessions sits in a stored candidate: a set leaves it null, each decision gives it. */
const LIVE_SESSIONS_INDEX = CANDIDATE_FIELDS.indexOf('liveSessions');

/**
 * A set of candidates as stored: JSON.stringify of each candidate's values in CANDIDATE_FIELDS
 * order, liveSessions null (the decisions give theirs), the same text written by hand.
 */
export function candidateSetJson(candidates: readonly CandidateRecord[]): string {
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
      ',null,' +
      jsonNumber(candidate.capacity) +
      ']';
  }
  return json + ']';
}

/** Candidates stored as arrays of values (from 2026-12-02), not as objects. */
const STORED_AS_ARRAYS = /^\s*\[\s*\[/;

/**
 * The stored candidates (JSON text) as the dataset gives them: a list of objects named by
 * CANDIDATE_FIELDS, each with its live sessions from `liveSessions` when the decision names a set
 * (migration CandidateSets1796200000000). Rows written before 2026-12-02 stored the objects and are
 * given as they are; null (a set that is missing) stays null.
 */
export function expandCandidates(
  stored: string | null,
  liveSessions: readonly (number | null)[] | null = null,
): string | null {
  if (stored === null || !STORED_AS_ARRAYS.test(stored)) return stored;
  const rows = JSON.parse(stored) as unknown[][];
  return JSON.stringify(
    rows.map((values, position) => {
      const candidate: Record<string, unknown> = {};
      for (let index = 0; index < CANDIDATE_FIELDS.length; index++)
        candidate[CANDIDATE_FIELDS[index]] =
          index === LIVE_SESSIONS_INDEX && liveSessions !== null
            ? (liveSessions[position] ?? null)
            : (values[index] ?? null);
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

function jsonString(value: string | null): string {
  if (value === null) return 'null';
  if (!NEEDS_JSON_ESCAPE.test(value)) return '"' + value + '"';
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
