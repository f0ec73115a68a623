import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision log's labels (docs/LATENCY.md#labels) move out of the decision rows. Labelling by
 * UPDATE rewrote a whole decision row (about 1 KB, its candidates included) per label and kept two
 * partial indexes that every new decision also paid for. Now the log is append-only: what a session
 * measured goes to `steering_session_measures`, one narrow row per sample, and the export joins each
 * decision with the first measures of its session after it. Labels already given are carried over
 * as measures at their `measured_at`. A BRIN index on `measured_at` serves the retention delete.
 */
export class StoreSessionMeasures1796100000000 implements MigrationInterface {
  name = 'StoreSessionMeasures1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "steering_session_measures" (
         "measured_at" timestamptz NOT NULL,
         "session_hash" text NOT NULL,
         "service_id" text,
         "region_id" text NOT NULL,
         "rtt_ms" double precision,
         "throughput_bps" double precision,
         CONSTRAINT "CHK_steering_session_measures_some" CHECK ("rtt_ms" IS NOT NULL OR "throughput_bps" IS NOT NULL)
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_session_measures_session" ON "steering_session_measures" ("session_hash", "region_id", "measured_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_session_measures_age" ON "steering_session_measures" USING brin ("measured_at")`,
    );
    await queryRunner.query(
      `INSERT INTO "steering_session_measures" ("measured_at", "session_hash", "service_id", "region_id", "rtt_ms", "throughput_bps")
       SELECT "measured_at", "session_hash", "service_id", "region_id", "measured_rtt_ms", "measured_throughput_bps"
         FROM "steering_decisions"
        WHERE "measured_at" IS NOT NULL AND ("measured_rtt_ms" IS NOT NULL OR "measured_throughput_bps" IS NOT NULL)`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_steering_decisions_unmeasured_throughput"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_steering_decisions_unmeasured_rtt"`);
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         DROP COLUMN "measured_at", DROP COLUMN "measured_throughput_bps", DROP COLUMN "measured_rtt_ms"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         ADD COLUMN "measured_rtt_ms" double precision,
         ADD COLUMN "measured_throughput_bps" double precision,
         ADD COLUMN "measured_at" timestamptz`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_decisions_unmeasured_rtt" ON "steering_decisions" ("session_hash", "decided_at")
       WHERE "measured_rtt_ms" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_decisions_unmeasured_throughput" ON "steering_decisions" ("session_hash", "decided_at")
       WHERE "measured_throughput_bps" IS NULL`,
    );
    await queryRunner.query(`DROP TABLE "steering_session_measures"`);
  }
}
