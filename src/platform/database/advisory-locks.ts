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
} as const;
