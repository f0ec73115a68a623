import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Every PostgreSQL advisory lock key GreenStream takes, in one place: two features sharing a key
 * would silently wait on each other (it happened: view partition maintenance at start-up made the
 * first intensity refresh skip its cycle, so live values came a tick, up to a minute, late).
 */
export const ADVISORY_LOCKS = {
  /** Migrations at start-up (session lock): instances starting together migrate one at a time. */
  migrations: 5_120_771_000,
  /** Seeding of the reference data (transaction lock). */
  seeding: 5_120_771_001,
  /** The leader of an intensity refresh cycle (session try-lock). */
  intensityRefresh: 5_120_771_002,
  /** Creation of monthly partitions of `views` (session lock). */
  viewPartitions: 5_120_771_003,
  /** Creation and retention of the daily partitions of `steering_decisions` (session lock). */
  decisionPartitions: 5_120_771_004,
  /** The origin-health prober: held by the leader instance for as long as it lives (session lock). */
  originProbeLeader: 5_120_771_005,
} as const;

export type AdvisoryLockKey = (typeof ADVISORY_LOCKS)[keyof typeof ADVISORY_LOCKS];

/**
 * Connects a session of its own, takes the session advisory lock `key`, runs `work` on that
 * session and always unlocks and releases it. With `wait: false` the lock is only tried: when
 * another session holds it, `work` does not run and the answer is `{ acquired: false }`.
 * A session lock (not a transaction lock) lets `work` commit several transactions of its own,
 * or run migrations on other connections, while the lock is held.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: AdvisoryLockKey,
  options: { wait: boolean },
  work: (session: QueryRunner) => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const session = dataSource.createQueryRunner();
  try {
    await session.connect();
    if (options.wait) {
      await session.query('SELECT pg_advisory_lock($1)', [key]);
    } else {
      const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as {
        locked: boolean;
      }[];
      if (!locked) return { acquired: false };
    }
    try {
      return { acquired: true, result: await work(session) };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await session.release();
  }
}
