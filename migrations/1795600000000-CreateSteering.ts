import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Steering (docs/STEERING.md): delivery services and their origins (entities), the live-session
 * counts each instance reports (origin_loads) and the decision log, partitioned by day.
 *
 * Not entities: `origin_loads` (one row per instance and origin, upserted every second) and
 * `steering_decisions` (partitioned by day, written with COPY, old days dropped whole), which
 * TypeORM cannot express. A default partition catches any day whose partition is missing, so that
 * a write never fails for want of one. Candidates are `json` (checked, stored as text), not
 * `jsonb`: the log is written far more often than it is read, and the export sends the text as is.
 *
 * An example service is created disabled, with origins on the reserved `example.com` domain: it
 * shows the model and is deleted or replaced by the operator (the migration runs once, so a
 * deleted example stays deleted).
 */
export class CreateSteering1795600000000 implements MigrationInterface {
  name = 'CreateSteering1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_services" ("id" character varying(64) NOT NULL, "name" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_delivery_services" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "origins" ("service_id" character varying(64) NOT NULL, "id" character varying(64) NOT NULL, "region_id" character varying(97) NOT NULL, "url_template" text NOT NULL, "pathway" character varying(64) NOT NULL, "capacity" integer, "health_url" text, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_origins_capacity" CHECK ("capacity" IS NULL OR "capacity" >= 0), CONSTRAINT "PK_origins" PRIMARY KEY ("service_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_origins_service_pathway" ON "origins" ("service_id", "pathway") `,
    );
    await queryRunner.query(
      `ALTER TABLE "origins" ADD CONSTRAINT "FK_origins_service" FOREIGN KEY ("service_id") REFERENCES "delivery_services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "origin_loads" ("instance_id" text NOT NULL, "service_id" character varying(64) NOT NULL, "origin_id" character varying(64) NOT NULL, "live_sessions" integer NOT NULL, "reported_at" timestamptz NOT NULL, PRIMARY KEY ("instance_id", "service_id", "origin_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "steering_decisions" (
         "decided_at" timestamptz NOT NULL,
         "decision_id" uuid NOT NULL,
         "service_id" text NOT NULL,
         "video_id" text NOT NULL,
         "session_hash" text NOT NULL,
         "is_new_session" boolean NOT NULL,
         "viewer_country" text,
         "viewer_zone" text,
         "viewer_lat" double precision,
         "viewer_lon" double precision,
         "located_by" text NOT NULL,
         "origin_id" text NOT NULL,
         "region_id" text NOT NULL,
         "pathway" text NOT NULL,
         "reason" text NOT NULL,
         "switched_from" text,
         "model" text NOT NULL,
         "degraded" boolean NOT NULL,
         "grams_avoided" double precision,
         "throughput_bps" double precision,
         "channel" text NOT NULL,
         "instance_id" text NOT NULL,
         "candidates" json NOT NULL,
         PRIMARY KEY ("decided_at", "decision_id")
       ) PARTITION BY RANGE ("decided_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "steering_decisions_default" PARTITION OF "steering_decisions" DEFAULT`,
    );
    await queryRunner.query(
      `INSERT INTO "delivery_services" ("id", "name", "enabled") VALUES ('example', 'Example service (disabled: replace its origin URLs, then enable it)', false)`,
    );
    await queryRunner.query(
      `INSERT INTO "origins" ("service_id", "id", "region_id", "url_template", "pathway", "capacity", "health_url", "enabled") VALUES
       ('example', 'paris', 'aws:eu-west-3', 'https://paris.origin.example.com/vod/{videoId}/{path}', 'paris', NULL, 'https://paris.origin.example.com/healthz', true),
       ('example', 'frankfurt', 'aws:eu-central-1', 'https://frankfurt.origin.example.com/vod/{videoId}/{path}', 'frankfurt', NULL, 'https://frankfurt.origin.example.com/healthz', true),
       ('example', 'stockholm', 'aws:eu-north-1', 'https://stockholm.origin.example.com/vod/{videoId}/{path}', 'stockholm', NULL, 'https://stockholm.origin.example.com/healthz', true)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "steering_decisions"`);
    await queryRunner.query(`DROP TABLE "origin_loads"`);
    await queryRunner.query(`ALTER TABLE "origins" DROP CONSTRAINT "FK_origins_service"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_origins_service_pathway"`);
    await queryRunner.query(`DROP TABLE "origins"`);
    await queryRunner.query(`DROP TABLE "delivery_services"`);
  }
}
