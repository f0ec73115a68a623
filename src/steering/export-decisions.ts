import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../platform/kernel/errors.js';
import { MS_PER_DAY } from '../platform/kernel/time.js';
import { csvLine } from '../consumption/domain/csv.js';
import { decodeDecisionCursor, encodeDecisionCursor, expandCandidates } from './domain/decision-rows.js';
import { DecisionLogStore, type DecisionRow } from './persistence/decision-log.store.js';

export const DEFAULT_EXPORT_LIMIT = 10_000;
export const MAX_EXPORT_LIMIT = 50_000;
/** Lines per chunk written to the response. */
const LINES_PER_CHUNK = 500;

/** GET /decisions, validated. */
export interface DecisionsQuery {
  from?: Date;
  to?: Date;
  service?: string;
  cursor?: string;
  limit?: number;
}

export type ExportFormat = 'ndjson' | 'csv';

export interface DecisionExport {
  /** To pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
  rows: number;
  body: Readable;
}

/** The dataset's fields, in order (docs/STEERING.md#the-dataset-get-decisions). */
export const DATASET_FIELDS = [
  'decidedAt',
  'decisionId',
  'service',
  'videoId',
  'sessionHash',
  'isNewSession',
  'viewerCountry',
  'viewerZone',
  'viewerLat',
  'viewerLon',
  'locatedBy',
  'originId',
  'regionId',
  'pathway',
  'reason',
  'switchedFrom',
  'model',
  'degraded',
  'gramsAvoided',
  'throughputBps',
  'channel',
  'instanceId',
  'candidates',
  // Labels (docs/LATENCY.md#labels): what the session measured on the chosen region, once samples arrive.
  'measuredRttMs',
  'measuredThroughputBps',
  'measuredAt',
] as const;

/**
 * The decision log as a dataset: one row per decision with its candidates nested, as JSON lines
 * or CSV (candidates as a JSON text column), a page of up to `limit` decisions in
 * (decidedAt, decisionId) order, with a keyset cursor to the next page.
 */
@Injectable()
export class ExportDecisionsOperation {
  constructor(private readonly store: DecisionLogStore) {}

  async export(query: DecisionsQuery, format: ExportFormat): Promise<DecisionExport> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - MS_PER_DAY);
    if (from.getTime() >= to.getTime()) throw InvalidInputError.forField('to', 'must be after from');
    const limit = query.limit ?? DEFAULT_EXPORT_LIMIT;
    const after = query.cursor === undefined ? undefined : decodeDecisionCursor(query.cursor);
    // One more than asked: whether there is a next page.
    const rows = await this.store.page({ from, to, after, service: query.service }, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeDecisionCursor({ decidedAt: last.decided_at, decisionId: last.decision_id })
        : null;
    const line = format === 'csv' ? csvRow : jsonLine;
    function* chunks(): Generator<string> {
      let chunk = format === 'csv' ? csvLine(DATASET_FIELDS) : '';
      for (let index = 0; index < page.length; index++) {
        chunk += line(page[index]);
        if ((index + 1) % LINES_PER_CHUNK === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk.length > 0) yield chunk;
    }
    return { nextCursor, rows: page.length, body: Readable.from(chunks(), { objectMode: false }) };
  }
}

function values(row: DecisionRow): (string | number | boolean | null)[] {
  return [
    row.decided_at.toISOString(),
    row.decision_id,
    row.service_id,
    row.video_id,
    row.session_hash,
    row.is_new_session,
    row.viewer_country,
    row.viewer_zone,
    row.viewer_lat,
    row.viewer_lon,
    row.located_by,
    row.origin_id,
    row.region_id,
    row.pathway,
    row.reason,
    row.switched_from,
    row.model,
    row.degraded,
    row.grams_avoided,
    row.throughput_bps,
    row.channel,
    row.instance_id,
  ];
}

/** One JSON object per line; the candidates as a list of named objects (expandCandidates). */
export function jsonLine(row: DecisionRow): string {
  const fields = values(row);
  let text = '{';
  for (let index = 0; index < fields.length; index++) {
    text += `${index === 0 ? '' : ','}"${DATASET_FIELDS[index]}":${JSON.stringify(fields[index])}`;
  }
  const labels = labelValues(row);
  text += `,"candidates":${expandCandidates(row.candidates, row.live_sessions)}`;
  for (let index = 0; index < labels.length; index++) {
    text += `,"${DATASET_FIELDS[fields.length + 1 + index]}":${JSON.stringify(labels[index])}`;
  }
  return `${text}}\n`;
}

export function csvRow(row: DecisionRow): string {
  return csvLine([...values(row), expandCandidates(row.candidates, row.live_sessions), ...labelValues(row)]);
}

/** The label columns, null until samples arrive for the decision's session and region. */
function labelValues(row: DecisionRow): (number | string | null)[] {
  return [row.measured_rtt_ms, row.measured_throughput_bps, row.measured_at?.toISOString() ?? null];
}
