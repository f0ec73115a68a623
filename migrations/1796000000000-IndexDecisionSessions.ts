import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision log's labels (docs/LATENCY.md#labels) find a session's decisions by its hash: without
 * an index, every batch of labels read the whole last day of the log (every partition it spans), so
 * labelling cost grew with the traffic of the day rather than with the samples. One partial index
 * per measure, of the decisions still without it: a labelled decision leaves it, so a batch reads
 * only the decisions it labels. Declared on the partitioned table: every day partition, present or
 * future, has its own.
 */
export class IndexDecisionSessions1796000000000 implements MigrationInterface {
  name = 'IndexDecisionSessions1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_decisions_unmeasured_rtt" ON "steering_decisions" ("session_hash", "decided_at")
       WHERE "measured_rtt_ms" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_decisions_unmeasured_throughput" ON "steering_decisions" ("session_hash", "decided_at")
       WHERE "measured_throughput_bps" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_steering_decisions_unmeasured_throughput"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_steering_decisions_unmeasured_rtt"`);
  }
}
