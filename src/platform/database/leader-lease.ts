import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AdvisoryLockKey } from './advisory-locks.js';

/**
 * Leadership by a session advisory lock held on a connection of its own for as long as this
 * instance lives: PostgreSQL releases the lock when the session ends (process killed, network
 * lost), so another instance takes over at its next `hold()`. The connection is opened outside the
 * pool: a lock held for the process's life must not take one of the pool's connections away from
 * requests (with a small pool it made `/health/ready` wait past the request deadline).
 */
export class LeaderLease {
  private session: pg.Client | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: AdvisoryLockKey,
  ) {}

  get isLeader(): boolean {
    return this.session !== undefined;
  }

  /** True when this instance holds the lock (checking that its session is still alive), else tries to take it. */
  async hold(): Promise<boolean> {
    if (this.session) {
      try {
        await this.session.query('SELECT 1');
        return true;
      } catch {
        await this.drop();
      }
    }
    const session = new pg.Client({
      connectionString: (this.dataSource.options as { url?: string }).url,
      application_name: 'greenstream-leader',
    });
    // A lost connection surfaces at the next `SELECT 1`; without a listener, its error would be thrown.
    session.on('error', () => undefined);
    try {
      await session.connect();
      const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        this.key,
      ]);
      if (rows[0]?.locked) {
        this.session = session;
        return true;
      }
    } catch {
      // Database unreachable: not the leader this time.
    }
    await session.end().catch(() => undefined);
    return false;
  }

  /** Gives the lock up (shutdown): another instance takes over at its next try. */
  async release(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.query('SELECT pg_advisory_unlock($1)', [this.key]).catch(() => undefined);
    await this.drop();
  }

  private async drop(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }
}
