import { MigrationInterface, QueryRunner } from 'typeorm';

/** The intensity history shared by all instances, and the state of the background refresh. */
export class CreateIntensityStore1795331857825 implements MigrationInterface {
  name = 'CreateIntensityStore1795331857825';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "intensity_observations" ("zone" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "datetime" TIMESTAMP WITH TIME ZONE NOT NULL, "g_co2e_per_kwh" double precision NOT NULL, "is_estimated" boolean NOT NULL, "upstream_updated_at" TIMESTAMP WITH TIME ZONE, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_intensity_observations_value" CHECK ("g_co2e_per_kwh" >= 0), CONSTRAINT "CHK_intensity_observations_kind" CHECK ("kind" IN ('measured', 'forecast')), CONSTRAINT "PK_intensity_observations" PRIMARY KEY ("zone", "kind", "datetime"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_intensity_observations_datetime" ON "intensity_observations"("datetime") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_intensity_observations_fetched_at" ON "intensity_observations"("fetched_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "intensity_refresh_state" ("zone" character varying(64) NOT NULL, "call" character varying(16) NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_error_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "details" jsonb, CONSTRAINT "PK_intensity_refresh_state" PRIMARY KEY ("zone", "call"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "intensity_refresh_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intensity_observations_fetched_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_intensity_observations_datetime"`);
    await queryRunner.query(`DROP TABLE "intensity_observations"`);
  }
}
