import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { MS_PER_SECOND } from '../platform/kernel/time.js';
import { sessionHashOf } from './session-hash.js';

/** Sessions tracked by one instance at most; past it, new sessions are steered but not remembered. */
export const MAX_TRACKED_SESSIONS = 1_000_000;

/**
 * A touched session moves to the end of the last-seen order only when it was last moved this long
 * ago: moving it on every request (a Map delete and insert) made the table rehash under a steady
 * stream of reloads. The order is then right to within this, and so is expiry.
 */
export const SESSION_REORDER_MS = 1_000;

export interface SessionEntry {
  readonly key: string;
  readonly serviceId: string;
  originId: string;
  lastSeenMs: number;
  /** When the entry last moved to the end of the order. */
  movedMs: number;
  /** sessionHashOf(sessionId), once asked for (hashOf): the decision log names the session by it. */
  hash: string | undefined;
}

/**
 * Live sessions (docs/STEERING.md#sessions): which origin each session of this instance was
 * steered to and when it was last seen, and how many live sessions each origin has, here (exact)
 * and on the other instances (as they last reported, see OriginLoadReporter). A session is live
 * while seen within STEERING_SESSION_TTL_SECONDS. In memory: the request path never waits on SQL.
 */
@Injectable()
export class SessionTable {
  /** This instance, in the decision log and in origin_loads. */
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly ttlMs: number;
  /**
   * In last-seen order to within SESSION_REORDER_MS (a touch moves an entry to the end), so that
   * expiry stops at the first live one: a session is forgotten at most that much after its TTL.
   */
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly localCounts = new Map<string, number>();
  private remoteCounts: ReadonlyMap<string, number> = new Map();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ttlMs = config.steeringTtlSeconds * MS_PER_SECOND;
  }

  /** The session's entry while it is tracked (live, or expired and not yet forgotten); null if not. */
  entryOf(serviceId: string, sessionId: string): SessionEntry | null {
    return this.sessions.get(sessionKey(serviceId, sessionId)) ?? null;
  }

  /** The origin of the session whose entry entryOf gave, while it is live. */
  originOfEntry(entry: SessionEntry | null, nowMs: number): string | undefined {
    return entry !== null && nowMs - entry.lastSeenMs < this.ttlMs ? entry.originId : undefined;
  }

  /**
   * Records that the session is served from `originId` as of now; its entry, or null when the table
   * is full. `entry`: what entryOf gave for it just before, null included (saves looking it up again).
   */
  touch(
    serviceId: string,
    sessionId: string,
    originId: string,
    nowMs: number,
    entry: SessionEntry | null = this.entryOf(serviceId, sessionId),
  ): SessionEntry | null {
    if (entry) {
      if (entry.originId !== originId) {
        this.add(serviceId, entry.originId, -1);
        this.add(serviceId, originId, 1);
        entry.originId = originId;
      }
      entry.lastSeenMs = nowMs;
      if (nowMs - entry.movedMs >= SESSION_REORDER_MS) {
        entry.movedMs = nowMs;
        this.sessions.delete(entry.key);
        this.sessions.set(entry.key, entry);
      }
      return entry;
    }
    if (this.sessions.size >= MAX_TRACKED_SESSIONS) this.expire(nowMs);
    if (this.sessions.size >= MAX_TRACKED_SESSIONS) return null;
    const key = sessionKey(serviceId, sessionId);
    const added: SessionEntry = {
      key,
      serviceId,
      originId,
      lastSeenMs: nowMs,
      movedMs: nowMs,
      hash: undefined,
    };
    this.sessions.set(key, added);
    this.add(serviceId, originId, 1);
    return added;
  }

  /** The session's hash (sessionHashOf), computed once per tracked session. */
  hashOf(serviceId: string | null, sessionId: string, entry?: SessionEntry | null): string {
    const known = entry ?? (serviceId === null ? null : this.entryOf(serviceId, sessionId));
    if (known === null) return sessionHashOf(sessionId);
    known.hash ??= sessionHashOf(sessionId);
    return known.hash;
  }

  /** Forgets the sessions not seen within the TTL; returns how many. */
  expire(nowMs: number): number {
    let expired = 0;
    for (const [key, entry] of this.sessions) {
      if (nowMs - entry.lastSeenMs < this.ttlMs) break;
      this.sessions.delete(key);
      this.add(entry.serviceId, entry.originId, -1);
      expired++;
    }
    return expired;
  }

  /** Live sessions on an origin, across instances (the others' as last reported). */
  liveSessions(serviceId: string, originId: string): number {
    const key = sessionKey(serviceId, originId);
    return (this.localCounts.get(key) ?? 0) + (this.remoteCounts.get(key) ?? 0);
  }

  /** This instance's live sessions per (service, origin), for the reporter. */
  localLoads(): { serviceId: string; originId: string; liveSessions: number }[] {
    return [...this.localCounts].map(([key, liveSessions]) => {
      const [serviceId, originId] = key.split('\u0000');
      return { serviceId, originId, liveSessions };
    });
  }

  /** The other instances' live sessions, as they last reported. */
  setRemoteLoads(loads: readonly { serviceId: string; originId: string; liveSessions: number }[]): void {
    this.remoteCounts = new Map(
      loads.map((load) => [sessionKey(load.serviceId, load.originId), load.liveSessions]),
    );
  }

  get size(): number {
    return this.sessions.size;
  }

  private add(serviceId: string, originId: string, delta: number): void {
    const key = sessionKey(serviceId, originId);
    const count = (this.localCounts.get(key) ?? 0) + delta;
    if (count <= 0) this.localCounts.delete(key);
    else this.localCounts.set(key, count);
  }
}

function sessionKey(serviceId: string, id: string): string {
  return `${serviceId}\u0000${id}`;
}
