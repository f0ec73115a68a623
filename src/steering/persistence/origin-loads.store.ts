import { Injectable } from '@nestjs/common';
import { PgSessions } from '../../platform/database/pg-sessions.js';

export interface OriginLoad {
  serviceId: string;
  originId: string;
  liveSessions: number;
}

/** The SQL of origin_loads: each instance's live sessions per origin, as it last reported them. */
@Injectable()
export class OriginLoadsStore {
  constructor(private readonly sessions: PgSessions) {}

  /** Replaces this instance's rows with `loads`. */
  async report(instanceId: string, loads: readonly OriginLoad[]): Promise<void> {
    await this.sessions.transaction(async (client) => {
      await client.query(`DELETE FROM origin_loads WHERE instance_id = $1`, [instanceId]);
      if (loads.length === 0) return;
      await client.query(
        `INSERT INTO origin_loads (instance_id, service_id, origin_id, live_sessions, reported_at)
         SELECT $1, service_id, origin_id, live_sessions, now()
         FROM unnest($2::text[], $3::text[], $4::int[]) AS l(service_id, origin_id, live_sessions)`,
        [
          instanceId,
          loads.map((load) => load.serviceId),
          loads.map((load) => load.originId),
          loads.map((load) => load.liveSessions),
        ],
      );
    });
  }

  /** The other instances' loads reported within `freshSeconds`, summed per origin; older rows are deleted. */
  async others(instanceId: string, freshSeconds: number): Promise<OriginLoad[]> {
    await this.sessions.query(
      `DELETE FROM origin_loads WHERE reported_at < now() - make_interval(secs => $1)`,
      [freshSeconds * 10],
    );
    const result = await this.sessions.query<{
      service_id: string;
      origin_id: string;
      live_sessions: string;
    }>(
      `SELECT service_id, origin_id, sum(live_sessions) AS live_sessions FROM origin_loads
       WHERE instance_id <> $1 AND reported_at >= now() - make_interval(secs => $2)
       GROUP BY service_id, origin_id`,
      [instanceId, freshSeconds],
    );
    return result.rows.map((row) => ({
      serviceId: row.service_id,
      originId: row.origin_id,
      liveSessions: Number(row.live_sessions),
    }));
  }

  /** At shutdown: this instance's sessions no longer count. */
  async withdraw(instanceId: string): Promise<void> {
    await this.sessions.query(`DELETE FROM origin_loads WHERE instance_id = $1`, [instanceId]);
  }
}
