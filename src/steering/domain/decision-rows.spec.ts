import { decisionRecord } from '../../../test/factories/decision.factory.js';
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { CandidateRecord, DecisionRecord } from './decision-record.js';
import {
  CANDIDATE_FIELDS,
  candidatesJson,
  copyLine,
  decodeDecisionCursor,
  DECISION_COLUMNS,
  encodeDecisionCursor,
  expandCandidates,
} from './decision-rows.js';

const RECORD: DecisionRecord = decisionRecord();

/** Each candidate as the array of its values in CANDIDATE_FIELDS order: how the log stores them. */
function storedCandidates(candidates: readonly CandidateRecord[]): unknown[][] {
  return candidates.map((candidate) => CANDIDATE_FIELDS.map((field) => candidate[field]));
}

/** The generic version copyLine replaced (values in column order, JSON.stringify): the reference. */
function referenceCopyLine(record: DecisionRecord): string {
  const values: (string | number | boolean | null)[] = [
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
    JSON.stringify(storedCandidates(record.candidates)),
  ];
  const field = (value: string | number | boolean | null): string => {
    if (value === null) return '\\N';
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
    if (typeof value === 'boolean') return value ? 't' : 'f';
    return value.replace(/[\\\t\n\r]/g, (character) =>
      character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
    );
  };
  return `${values.map(field).join('\t')}\n`;
}

/** Every field of a candidate set (the literal's type makes a new field a compile error here). */
const CANDIDATE: CandidateRecord = {
  originId: 'paris',
  regionId: 'aws:eu-west-3',
  pathway: 'paris',
  status: 'chosen',
  zone: 'FR',
  gCo2ePerKwh: 52.123456789,
  intensitySource: 'live',
  estimatedRttMs: 12.5,
  rttSource: 'measured',
  distanceKm: 341.2,
  emissionsG: 1.234567890123e-7,
  costUsd: 0.0123,
  liveSessions: 3,
  capacity: 100,
};

describe('decision rows', () => {
  it('writes one COPY text line: tabs between columns, \\N for null, escapes in values', () => {
    const fields = copyLine(RECORD).slice(0, -1).split('\t');
    expect(fields).toHaveLength(DECISION_COLUMNS.length);
    expect(fields.slice(0, 8)).toEqual([
      '2026-12-01T10:00:00.123Z',
      RECORD.decisionId,
      'vod-main',
      'a\\tb\\\\c',
      RECORD.sessionHash,
      't',
      'FR',
      '\\N',
    ]);
    expect(fields[fields.length - 1]).toBe('[]');
  });

  it('writes what the generic version writes, candidates as JSON.stringify does, whatever the values', () => {
    const odd: CandidateRecord = {
      ...CANDIDATE,
      originId: 'o"ne\\two\tthree\u0001',
      pathway: 'p\ud800x\ud83d\ude00',
      status: 'at-capacity',
      zone: null,
      gCo2ePerKwh: null,
      intensitySource: null,
      estimatedRttMs: Number.NaN,
      rttSource: null,
      distanceKm: Number.POSITIVE_INFINITY,
      emissionsG: -0,
      costUsd: 1e21,
      capacity: null,
    };
    const records: DecisionRecord[] = [
      RECORD,
      { ...RECORD, candidates: [CANDIDATE] },
      { ...RECORD, candidates: [CANDIDATE, odd, { ...CANDIDATE, status: 'eligible' }] },
      {
        ...RECORD,
        videoId: 'line\nbreak\rand\\',
        viewerZone: 'US-CAL-CISO',
        viewerLat: null,
        viewerLon: Number.NaN,
        gramsAvoided: -0.25,
        throughputBps: 5e6,
        switchedFrom: 'frankfurt',
        isNewSession: false,
        degraded: true,
        candidates: [odd],
      },
    ];
    for (const record of records) {
      expect(candidatesJson(record.candidates)).toBe(JSON.stringify(storedCandidates(record.candidates)));
      expect(copyLine(record)).toBe(referenceCopyLine(record));
      // The export names the fields again: the objects, as JSON.stringify writes them.
      expect(expandCandidates(candidatesJson(record.candidates))).toBe(JSON.stringify(record.candidates));
    }
  });

  it('stores a candidate as its values, half the bytes of the object, and gives older rows as stored', () => {
    const candidates = [CANDIDATE, { ...CANDIDATE, originId: 'frankfurt', status: 'eligible' as const }];
    const stored = candidatesJson(candidates);
    expect(stored.startsWith('[["paris","aws:eu-west-3","paris","chosen","FR",52.123456789,')).toBe(true);
    expect(stored.length).toBeLessThan(JSON.stringify(candidates).length / 2);
    // Rows written before the arrays: objects, and an empty list, are given as they are.
    const legacy = JSON.stringify(candidates);
    expect(expandCandidates(legacy)).toBe(legacy);
    expect(expandCandidates('[]')).toBe('[]');
    expect(expandCandidates(candidatesJson([]))).toBe('[]');
  });

  it('round-trips a cursor and refuses anything else, naming cursor', () => {
    const position = { decidedAt: RECORD.decidedAt, decisionId: RECORD.decisionId };
    expect(decodeDecisionCursor(encodeDecisionCursor(position))).toEqual(position);
    for (const bad of ['not-a-cursor', Buffer.from('d1|yesterday|x').toString('base64url')]) {
      expect(() => decodeDecisionCursor(bad)).toThrow(InvalidInputError);
    }
  });
});
