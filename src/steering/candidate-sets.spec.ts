import { createHash } from 'node:crypto';
import type { CandidateRecord } from './domain/decision-record.js';
import { candidateSetJson } from './domain/decision-rows.js';
import { CandidateSets, candidateSetId, KNOWN_SETS_KEPT } from './candidate-sets.js';

const PARIS: CandidateRecord = {
  originId: 'paris',
  regionId: 'aws:eu-west-3',
  pathway: 'paris',
  status: 'chosen',
  zone: 'FR',
  gCo2ePerKwh: 52,
  intensitySource: 'live',
  estimatedRttMs: 12.5,
  rttSource: 'model',
  distanceKm: 341.2,
  emissionsG: 0.5,
  costUsd: 0.01,
  liveSessions: 3,
  capacity: null,
};
const NOON = Date.parse('2026-12-02T12:00:00Z');

describe('CandidateSets', () => {
  it('writes and hashes a set once per answer, directory version and key, and queues it once', () => {
    const sets = new CandidateSets();
    const answer = {};
    let builds = 0;
    const build = (): CandidateRecord[] => {
      builds++;
      return [PARIS];
    };
    const id = sets.idOf(NOON, 1, answer, 'paris chosen', build);
    expect(id).toBe(
      createHash('sha256')
        .update(`2026-12-02\n${candidateSetJson([PARIS])}`)
        .digest('hex')
        .slice(0, 32),
    );
    for (let index = 0; index < 100; index++)
      expect(sets.idOf(NOON + index, 1, answer, 'paris chosen', build)).toBe(id);
    expect(builds).toBe(1);
    // Another answer (the next second) with the same content: written again, the same id, not queued again.
    expect(sets.idOf(NOON + 1000, 1, {}, 'paris chosen', build)).toBe(id);
    expect(builds).toBe(2);
    // A new directory version: the groups start over.
    expect(sets.idOf(NOON + 1000, 2, answer, 'paris chosen', build)).toBe(id);
    expect(builds).toBe(3);
    expect(sets.take()).toEqual([{ setId: id, day: '2026-12-02', candidates: candidateSetJson([PARIS]) }]);
    expect(sets.take()).toEqual([]);
  });

  it('tells sets apart by key within an answer', () => {
    const sets = new CandidateSets();
    const answer = {};
    const chosen = sets.idOf(NOON, 1, answer, 'paris chosen', () => [PARIS]);
    const atCapacity = sets.idOf(NOON, 1, answer, 'paris at-capacity', () => [
      { ...PARIS, status: 'at-capacity' },
    ]);
    expect(atCapacity).not.toBe(chosen);
    expect(sets.take().map((set) => set.setId)).toEqual([chosen, atCapacity]);
  });

  it('names a set anew each UTC day, and queues it again', () => {
    const sets = new CandidateSets();
    const answer = {};
    const today = sets.idOf(NOON, 1, answer, 'k', () => [PARIS]);
    sets.take();
    const tomorrow = sets.idOf(NOON + 86_400_000, 1, answer, 'k', () => [PARIS]);
    expect(tomorrow).not.toBe(today);
    expect(tomorrow).toBe(candidateSetId('2026-12-03', candidateSetJson([PARIS])));
    expect(sets.take()).toEqual([
      { setId: tomorrow, day: '2026-12-03', candidates: candidateSetJson([PARIS]) },
    ]);
  });

  it('keeps the sets of a failed batch for the next one, ahead of newer sets', () => {
    const sets = new CandidateSets();
    const first = sets.idOf(NOON, 1, {}, 'a', () => [PARIS]);
    const failed = sets.take();
    const second = sets.idOf(NOON, 1, {}, 'b', () => [{ ...PARIS, originId: 'frankfurt' }]);
    sets.giveBack(failed);
    expect(sets.pendingCount).toBe(2);
    expect(sets.take().map((set) => set.setId)).toEqual([first, second]);
  });

  it('forgets the ids it knows past KNOWN_SETS_KEPT, and then queues a set again rather than grow', () => {
    const sets = new CandidateSets();
    for (let index = 0; index < KNOWN_SETS_KEPT; index++) {
      sets.idOf(NOON, 1, {}, 'k', () => [{ ...PARIS, liveSessions: 0, costUsd: index }]);
    }
    expect(sets.take()).toHaveLength(KNOWN_SETS_KEPT);
    // One more set: the ids known are forgotten, so the first set is queued again (stored twice: harmless).
    sets.idOf(NOON, 1, {}, 'k', () => [{ ...PARIS, costUsd: -1 }]);
    sets.idOf(NOON, 1, {}, 'k', () => [{ ...PARIS, costUsd: 0 }]);
    expect(sets.take()).toHaveLength(2);
  });
});
