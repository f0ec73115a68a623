import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Measured latency (docs/LATENCY.md): one row per (viewer country, region, sample kind) holding
 * time-decayed moving averages of round trip and throughput, upserted in SQL by every instance and
 * read by all; `latency_decay` is the weight of a sample `age_ms` old (2^(−age/half-life), 0 beyond
 * 100 half-lives, which keeps the products away from float underflow). The decision log gains its
 * labels: the session's measured round trip and throughput, set when samples arrive for it.
 */
export class CreateLatencyAggregates1795900000000 implements MigrationInterface {
  name = 'CreateLatencyAggregates1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION latency_decay(age_ms double precision, half_life_ms double precision)
       RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT CASE WHEN age_ms <= 0 THEN 1::float8
                      WHEN age_ms / half_life_ms > 100 THEN 0::float8
                      ELSE power(2::float8, -age_ms / half_life_ms) END $$`,
    );
    await queryRunner.query(
      `CREATE TABLE "latency_aggregates" (
         "viewer_country" character(2) NOT NULL,
         "region_id" character varying(97) NOT NULL,
         "kind" text NOT NULL CHECK ("kind" IN ('user', 'probe')),
         "rtt_ms" double precision,
         "rtt_weight" double precision NOT NULL DEFAULT 0 CHECK ("rtt_weight" >= 0),
         "rtt_count" bigint NOT NULL DEFAULT 0,
         "throughput_bps" double precision,
         "throughput_weight" double precision NOT NULL DEFAULT 0 CHECK ("throughput_weight" >= 0),
         "throughput_count" bigint NOT NULL DEFAULT 0,
         "last_at" timestamptz NOT NULL,
         "updated_at" timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY ("viewer_country", "region_id", "kind")
       )`,
    );
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         ADD COLUMN "measured_rtt_ms" double precision,
         ADD COLUMN "measured_throughput_bps" double precision,
         ADD COLUMN "measured_at" timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         DROP COLUMN "measured_at", DROP COLUMN "measured_throughput_bps", DROP COLUMN "measured_rtt_ms"`,
    );
    await queryRunner.query(`DROP TABLE "latency_aggregates"`);
    await queryRunner.query(`DROP FUNCTION latency_decay(double precision, double precision)`);
  }
}
