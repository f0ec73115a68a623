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
