import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision log's labels (docs/LATENCY.md#labels) find a session's decisions by its hash: without
 * an index, every batch of labels read the whole last day of the log (every partition it spans), so
 * labelling cost grew with the traffic of the day rather than with the samples. The index is
 * declared on the partitioned table: every day partition, present or future, has its own.
 */
export class IndexDecisionSessions1796000000000 implements MigrationInterface {
  name = 'IndexDecisionSessions1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_decisions_session" ON "steering_decisions" ("session_hash", "decided_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_steering_decisions_session"`);
  }
}
