import type { DecisionRecord } from '../../src/steering/domain/decision-record.js';

/** A logged steering decision (a viewer in FR sent to Paris), with a video id that needs escaping in COPY. */
export function decisionRecord(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
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
    candidateSet: 'cd'.repeat(16),
    liveSessions: [],
    ...overrides,
  };
}

/**
 * A decision's COPY text line written the generic way (values in column order, escaped, joined): what
 * writeCopyLine must write, as UTF-8.
 */
export function expectedCopyLine(record: DecisionRecord): string {
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
    record.candidateSet,
    `{${record.liveSessions.map((count) => (Number.isSafeInteger(count) ? String(count) : 'NULL')).join(',')}}`,
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
