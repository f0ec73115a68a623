import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { DecisionRecord } from './decision-record.js';
import { copyLine, decodeDecisionCursor, DECISION_COLUMNS, encodeDecisionCursor } from './decision-rows.js';

const RECORD: DecisionRecord = {
  decidedAt: new Date('2026-12-01T10:00:00.123Z'),
  decisionId: '0b0f6f0e-5b7a-4f5e-9a55-3f1c1f2f9a10',
  serviceId: 'vod-main',
  videoId: 'a\tb\\c',
  sessionHash: 'ab'.repeat(16),
  isNewSession: true,
  viewerCountry: 'FR',
  viewerZone: null,
  viewerLat: 46.2,
  viewerLon: 2.2,
  locatedBy: 'query',
  originId: 'paris',
  regionId: 'aws:eu-west-3',
  pathway: 'paris',
  reason: 'cleanest',
  switchedFrom: null,
  model: '1byte',
  degraded: false,
  gramsAvoided: 1.5,
  throughputBps: null,
  channel: 'video',
  instanceId: 'host-1',
  candidates: [],
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

  it('round-trips a cursor and refuses anything else, naming cursor', () => {
    const position = { decidedAt: RECORD.decidedAt, decisionId: RECORD.decisionId };
    expect(decodeDecisionCursor(encodeDecisionCursor(position))).toEqual(position);
    for (const bad of ['not-a-cursor', Buffer.from('d1|yesterday|x').toString('base64url')]) {
      expect(() => decodeDecisionCursor(bad)).toThrow(InvalidInputError);
    }
  });
});
