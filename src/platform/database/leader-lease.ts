import type { DataSource, QueryRunner } from 'typeorm';
import type { AdvisoryLockKey } from './advisory-locks.js';

/**
 * Leadership by a session advisory lock held on a connection of its own for as long as this
 * instance lives: PostgreSQL releases the lock when the session ends (process killed, network
 * lost), so another instance takes over at its next `hold()`. One connection of the pool is kept
 * by the leader only.
 */
export class LeaderLease {
  private session: QueryRunner | undefined;

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
    const session = this.dataSource.createQueryRunner();
    try {
      await session.connect();
      const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock($1) AS locked', [this.key])) as {
        locked: boolean;
      }[];
      if (locked) {
        this.session = session;
        return true;
      }
    } catch {
      // Database unreachable: not the leader this time.
    }
    await session.release().catch(() => undefined);
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
    await session?.release().catch(() => undefined);
  }
}
