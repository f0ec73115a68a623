import { validateEnv } from '../platform/config/env.schema.js';
import { sessionHashOf } from './session-hash.js';
import { SESSION_REORDER_MS, SessionTable } from './session-table.js';

function table(): SessionTable {
  return new SessionTable(validateEnv({ STEERING_TTL_SECONDS: '10' }));
}

describe('SessionTable', () => {
  it('counts each live session once, on the origin it was last steered to', () => {
    const sessions = table();
    sessions.touch('vod', 'a', 'paris', 0);
    sessions.touch('vod', 'b', 'paris', 10);
    sessions.touch('vod', 'a', 'frankfurt', 20);
    sessions.touch('vod', 'a', 'frankfurt', 30);
    expect(sessions.liveSessions('vod', 'paris')).toBe(1);
    expect(sessions.liveSessions('vod', 'frankfurt')).toBe(1);
    expect(sessions.originOfEntry(sessions.entryOf('vod', 'a'), 9_999)).toBe('frankfurt');
    expect(sessions.originOfEntry(sessions.entryOf('vod', 'a'), 10_030)).toBeUndefined();
  });

  it('forgets a session at most SESSION_REORDER_MS after its TTL, whatever the order of touches', () => {
    const sessions = table();
    sessions.touch('vod', 'a', 'paris', 0);
    sessions.touch('vod', 'b', 'paris', 100);
    // Seen again within SESSION_REORDER_MS: the entry keeps its place, ahead of b.
    sessions.touch('vod', 'a', 'paris', 500);
    expect(sessions.expire(10_050)).toBe(0);
    expect(sessions.liveSessions('vod', 'paris')).toBe(2);
    // b's TTL ended at 10,100: it is forgotten once a is, within SESSION_REORDER_MS.
    expect(sessions.expire(10_500)).toBe(2);
    expect(10_500 - 10_100).toBeLessThanOrEqual(SESSION_REORDER_MS);
    expect(sessions.liveSessions('vod', 'paris')).toBe(0);
  });

  it('moves a session seen again after SESSION_REORDER_MS behind the others, so expiry stops at it', () => {
    const sessions = table();
    sessions.touch('vod', 'a', 'paris', 0);
    sessions.touch('vod', 'b', 'paris', 100);
    sessions.touch('vod', 'a', 'paris', SESSION_REORDER_MS + 200);
    // b first now: expired at 10,150 while a lives on.
    expect(sessions.expire(10_150)).toBe(1);
    expect(sessions.originOfEntry(sessions.entryOf('vod', 'a'), 10_150)).toBe('paris');
    expect(sessions.originOfEntry(sessions.entryOf('vod', 'b'), 10_150)).toBeUndefined();
    expect(sessions.size).toBe(1);
  });

  it('gives the entry it touched, takes it back to save a lookup, and hashes a tracked session once', () => {
    const sessions = table();
    const entry = sessions.touch('vod', 'a', 'paris', 0);
    expect(entry).toBe(sessions.entryOf('vod', 'a'));
    expect(sessions.touch('vod', 'a', 'frankfurt', 5, entry)).toBe(entry);
    expect(sessions.originOfEntry(entry, 10)).toBe('frankfurt');
    expect(sessions.liveSessions('vod', 'paris')).toBe(0);
    expect(sessions.liveSessions('vod', 'frankfurt')).toBe(1);

    expect(entry?.hash).toBeUndefined();
    expect(sessions.hashOf('vod', 'a', entry)).toBe(sessionHashOf('a'));
    expect(entry?.hash).toBe(sessionHashOf('a'));
    // Found by service and id (the labeler), or computed for a session the table does not hold.
    expect(sessions.hashOf('vod', 'a')).toBe(sessionHashOf('a'));
    expect(sessions.hashOf(null, 'b')).toBe(sessionHashOf('b'));
    expect(sessions.entryOf('vod', 'b')).toBeNull();
  });
});
