import { decisionRecord, expectedCopyLine } from '../../../test/factories/decision.factory.js';
import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { CandidateRecord, DecisionRecord } from './decision-record.js';
import {
  CANDIDATE_FIELDS,
  candidateSetJson,
  copyLineRoom,
  decodeDecisionCursor,
  DECISION_COLUMNS,
  encodeDecisionCursor,
  expandCandidates,
  measureCopyLine,
  writeCopyLine,
} from './decision-rows.js';

const RECORD: DecisionRecord = decisionRecord();

/** What writeCopyLine writes for the record, as text. */
function lineOf(record: DecisionRecord): string {
  const target = Buffer.alloc(copyLineRoom(record));
  return target.subarray(0, writeCopyLine(record, target, 0)).toString('utf8');
}

/**
 * Each candidate as the array of its values in CANDIDATE_FIELDS order, live sessions null: how the
 * log stores a set.
 */
function storedSet(candidates: readonly CandidateRecord[]): unknown[][] {
  return candidates.map((candidate) =>
    CANDIDATE_FIELDS.map((field) => (field === 'liveSessions' ? null : candidate[field])),
  );
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
    const fields = lineOf(RECORD).slice(0, -1).split('\t');
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
    expect(fields.slice(-2)).toEqual(['cd'.repeat(16), '{}']);
    expect(lineOf({ ...RECORD, liveSessions: [3, 0, 12] }).endsWith('\t{3,0,12}\n')).toBe(true);
  });

  it('writes what the generic version writes, a set as JSON.stringify does, whatever the values', () => {
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
    const sets: CandidateRecord[][] = [
      [],
      [CANDIDATE],
      [CANDIDATE, odd, { ...CANDIDATE, status: 'eligible' }],
      [odd],
    ];
    for (const set of sets) {
      expect(candidateSetJson(set)).toBe(JSON.stringify(storedSet(set)));
      // The export names the fields again, with the decision's live sessions: the objects, as
      // JSON.stringify writes them.
      expect(
        expandCandidates(
          candidateSetJson(set),
          set.map((candidate) => candidate.liveSessions),
        ),
      ).toBe(JSON.stringify(set));
    }
    const records: DecisionRecord[] = [
      RECORD,
      { ...RECORD, liveSessions: [3] },
      { ...RECORD, candidateSet: 'a\\b\tc', liveSessions: [3, 0, Number.NaN, 2 ** 60, 1.5] },
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
        liveSessions: [0, 7],
      },
    ];
    for (const record of records) expect(lineOf(record)).toBe(expectedCopyLine(record));
  });

  it('writes the same bytes straight into a buffer, or nothing when it may not fit', () => {
    const odd = [
      '',
      'plain',
      'tab\there',
      'back\\slash',
      'cr\rlf\n',
      'é€😀',
      'lone \ud800 surrogate',
      '\u007f\u0080',
    ];
    const records: DecisionRecord[] = [RECORD];
    for (const text of odd) {
      records.push(
        { ...RECORD, videoId: text, viewerZone: text, instanceId: text },
        { ...RECORD, switchedFrom: text, candidateSet: text, liveSessions: [1, Number.NaN, 3] },
      );
    }
    records.push({
      ...RECORD,
      viewerLat: -0,
      viewerLon: Number.NEGATIVE_INFINITY,
      gramsAvoided: 1e-7,
      throughputBps: 1e21,
      viewerCountry: null,
      degraded: true,
      isNewSession: false,
      liveSessions: [0, 2 ** 53, -4, 1.5],
    });
    // The same column in turn: a number repeated, then changed (the last text of a column is kept).
    for (const value of [0, -0, Number.NaN, Number.NaN, null, 1e21, 1e21, 46.2, 46.2, null]) {
      records.push({ ...RECORD, viewerLat: value, gramsAvoided: value });
    }
    const target = Buffer.alloc(1 << 16, 0xee);
    for (const record of records) {
      const expected = Buffer.from(expectedCopyLine(record), 'utf8');
      const end = writeCopyLine(record, target, 100);
      expect(target.subarray(100, end).equals(expected)).toBe(true);
      expect(copyLineRoom(record)).toBeGreaterThanOrEqual(expected.length);
    }
    // Not enough room left: -1, and the buffer is left as it was.
    const small = Buffer.alloc(copyLineRoom(RECORD) - 1, 0xee);
    expect(writeCopyLine(RECORD, small, 0)).toBe(-1);
    expect(small.every((byte) => byte === 0xee)).toBe(true);
  });

  it('stores a candidate as its values, half the bytes of the object, and gives older rows as stored', () => {
    const candidates = [CANDIDATE, { ...CANDIDATE, originId: 'frankfurt', status: 'eligible' as const }];
    const stored = candidateSetJson(candidates);
    expect(stored.startsWith('[["paris","aws:eu-west-3","paris","chosen","FR",52.123456789,')).toBe(true);
    expect(stored.length).toBeLessThan(JSON.stringify(candidates).length / 2);
    // Rows written before the sets: objects, an empty list, and arrays with their live sessions
    // (2026-12-02) are given as they are, or named.
    const legacy = JSON.stringify(candidates);
    expect(expandCandidates(legacy)).toBe(legacy);
    expect(expandCandidates('[]')).toBe('[]');
    const arraysWithSessions = JSON.stringify(
      candidates.map((candidate) => CANDIDATE_FIELDS.map((field) => candidate[field])),
    );
    expect(expandCandidates(arraysWithSessions)).toBe(legacy);
    expect(expandCandidates(candidateSetJson([]), [])).toBe('[]');
    // A set that is missing (never stored) stays null, and a live session count missing is null.
    expect(expandCandidates(null, [3])).toBeNull();
    expect(JSON.parse(expandCandidates(stored, [4]) as string)).toEqual([
      { ...CANDIDATE, liveSessions: 4 },
      { ...candidates[1], liveSessions: null },
    ]);
  });

  it('writes a session measure as one COPY line, \\N for what was not measured', () => {
    expect(
      measureCopyLine({
        sessionHash: 'ab'.repeat(16),
        serviceId: null,
        regionId: 'aws:eu-west-3',
        rttMs: null,
        throughputBps: 5e6,
        atMs: Date.parse('2026-12-02T06:00:00.250Z'),
      }),
    ).toBe(`2026-12-02T06:00:00.250Z\t${'ab'.repeat(16)}\t\\N\taws:eu-west-3\t\\N\t5000000\n`);
    expect(
      measureCopyLine({
        sessionHash: 'h',
        serviceId: 'tab\there',
        regionId: 'r',
        rttMs: 12.5,
        throughputBps: Number.NaN,
        atMs: 0,
      }),
    ).toBe('1970-01-01T00:00:00.000Z\th\ttab\\there\tr\t12.5\t\\N\n');
  });

  it('round-trips a cursor and refuses anything else, naming cursor', () => {
    const position = { decidedAt: RECORD.decidedAt, decisionId: RECORD.decisionId };
    expect(decodeDecisionCursor(encodeDecisionCursor(position))).toEqual(position);
    for (const bad of ['not-a-cursor', Buffer.from('d1|yesterday|x').toString('base64url')]) {
      expect(() => decodeDecisionCursor(bad)).toThrow(InvalidInputError);
    }
  });
});
