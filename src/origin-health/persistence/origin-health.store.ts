import { Injectable } from '@nestjs/common';
import { PgSessions } from '../../platform/database/pg-sessions.js';
import type { HealthState, HealthStatus } from '../domain/health-state.js';

/** An origin to probe: enabled, of an enabled delivery service, with a health URL. */
export interface ProbeTarget {
  serviceId: string;
  originId: string;
  healthUrl: string;
}

export interface StoredHealth extends HealthState {
  serviceId: string;
  originId: string;
  probedBy: string;
}

interface HealthRow {
  service_id: string;
  origin_id: string;
  status: HealthStatus;
  consecutive_failures: number;
  consecutive_successes: number;
  transitions: number;
  falls: number;
  held_until: Date | null;
  last_rtt_ms: number | null;
  last_outcome: string;
  last_probe_at: Date;
  changed_at: Date;
  probed_by: string;
}

/**
 * The SQL of origin health: the origins to probe (read from steering's `origins` and
 * `delivery_services`, which this feature never writes) and the shared `origin_health` rows.
 */
@Injectable()
export class OriginHealthStore {
  constructor(private readonly sessions: PgSessions) {}

  async targets(): Promise<ProbeTarget[]> {
    const result = await this.sessions.query<{ service_id: string; id: string; health_url: string }>(
      `SELECT o.service_id, o.id, o.health_url
         FROM origins o JOIN delivery_services s ON s.id = o.service_id
        WHERE o.enabled AND s.enabled AND o.health_url IS NOT NULL
        ORDER BY o.service_id, o.id`,
      [],
    );
    return result.rows.map((row) => ({
      serviceId: row.service_id,
      originId: row.id,
      healthUrl: row.health_url,
    }));
  }

  async load(): Promise<StoredHealth[]> {
    const result = await this.sessions.query<HealthRow>(`SELECT * FROM origin_health`, []);
    return result.rows.map((row) => ({
      serviceId: row.service_id,
      originId: row.origin_id,
      status: row.status,
      consecutiveFailures: row.consecutive_failures,
      consecutiveSuccesses: row.consecutive_successes,
      transitions: row.transitions,
      falls: row.falls,
      heldUntilMs: row.held_until?.getTime() ?? null,
      lastRttMs: row.last_rtt_ms,
      lastOutcome: row.last_outcome,
      lastProbeAtMs: row.last_probe_at.getTime(),
      changedAtMs: row.changed_at.getTime(),
      probedBy: row.probed_by,
    }));
  }

  /** Upserts every row in one statement (an origin deleted meanwhile is skipped). */
  async save(states: readonly StoredHealth[]): Promise<void> {
    if (states.length === 0) return;
    const column = <T>(pick: (state: StoredHealth) => T): T[] => states.map(pick);
    const date = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    await this.sessions.query(
      `INSERT INTO origin_health (service_id, origin_id, status, consecutive_failures, consecutive_successes,
              transitions, falls, held_until, last_rtt_ms, last_outcome, last_probe_at, changed_at, probed_by)
       SELECT v.* FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[],
              $8::timestamptz[], $9::float8[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[])
              AS v(service_id, origin_id, status, cf, cs, transitions, falls, held_until, rtt, outcome, probe_at, changed_at, probed_by)
         JOIN origins o ON o.service_id = v.service_id AND o.id = v.origin_id
       ON CONFLICT (service_id, origin_id) DO UPDATE SET
         status = EXCLUDED.status, consecutive_failures = EXCLUDED.consecutive_failures,
         consecutive_successes = EXCLUDED.consecutive_successes, transitions = EXCLUDED.transitions,
         falls = EXCLUDED.falls, held_until = EXCLUDED.held_until, last_rtt_ms = EXCLUDED.last_rtt_ms,
         last_outcome = EXCLUDED.last_outcome, last_probe_at = EXCLUDED.last_probe_at,
         changed_at = EXCLUDED.changed_at, probed_by = EXCLUDED.probed_by`,
      [
        column((s) => s.serviceId),
        column((s) => s.originId),
        column((s) => s.status),
        column((s) => s.consecutiveFailures),
        column((s) => s.consecutiveSuccesses),
        column((s) => s.transitions),
        column((s) => s.falls),
        column((s) => date(s.heldUntilMs)),
        column((s) => s.lastRttMs),
        column((s) => s.lastOutcome),
        column((s) => date(s.lastProbeAtMs)),
        column((s) => date(s.changedAtMs)),
        column((s) => s.probedBy),
      ],
    );
  }
}
