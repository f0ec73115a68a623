/**
 * The decision log's rows on the way in (COPY text format) and out (CSV, cursor). Pure.
 * Columns and their meaning: docs/STEERING.md#the-dataset-get-decisions.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { DecisionRecord } from './decision-record.js';

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

type CopyValue = string | number | boolean | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One line of COPY … FROM STDIN (text format): tab-separated, \N for null, backslash escapes. */
export function copyLine(record: DecisionRecord): string {
  const values: CopyValue[] = [
    record.decidedAt.toISOString(),
    record.decisionId,
    record.serviceId,
    record.videoId,
    record.sessionHash,
    record.isNewSession,
    record.viewerCountry,
    record.viewerZone,
    record.viewerLat,
    record.viewerLon,
    record.locatedBy,
    record.originId,
    record.regionId,
    record.pathway,
    record.reason,
    record.switchedFrom,
    record.model,
    record.degraded,
    record.gramsAvoided,
    record.throughputBps,
    record.channel,
    record.instanceId,
    JSON.stringify(record.candidates),
  ];
  return `${values.map(copyField).join('\t')}\n`;
}

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (character) =>
    character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
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
