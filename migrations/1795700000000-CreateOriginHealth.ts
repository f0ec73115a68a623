import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Origin health (docs/LATENCY-AND-HEALTH.md#origin-health): one row per probed origin, written by
 * the leader instance after each probe and read by every instance. Not an entity: upserted in
 * batches with plain SQL. Deleting an origin deletes its health.
 */
export class CreateOriginHealth1795700000000 implements MigrationInterface {
  name = 'CreateOriginHealth1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "origin_health" (
         "service_id" character varying(64) NOT NULL,
         "origin_id" character varying(64) NOT NULL,
         "status" text NOT NULL CHECK ("status" IN ('up', 'down')),
         "consecutive_failures" integer NOT NULL,
         "consecutive_successes" integer NOT NULL,
         "transitions" integer NOT NULL,
         "falls" integer NOT NULL,
         "held_until" timestamptz,
         "last_rtt_ms" double precision,
         "last_outcome" text NOT NULL,
         "last_probe_at" timestamptz NOT NULL,
         "changed_at" timestamptz NOT NULL,
         "probed_by" text NOT NULL,
         PRIMARY KEY ("service_id", "origin_id"),
         CONSTRAINT "FK_origin_health_origin" FOREIGN KEY ("service_id", "origin_id")
           REFERENCES "origins" ("service_id", "id") ON DELETE CASCADE
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "origin_health"`);
  }
}
