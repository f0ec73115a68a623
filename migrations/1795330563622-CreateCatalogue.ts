import { MigrationInterface, QueryRunner } from 'typeorm';

/** The SQL region catalogue: providers, regions, countries, their borders and measured region links. */
export class CreateCatalogue1795330563622 implements MigrationInterface {
  name = 'CreateCatalogue1795330563622';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "countries" ("code" character(2) NOT NULL, "alpha3" character(3) NOT NULL, "name" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "default_zone" character varying(64), CONSTRAINT "PK_countries" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_countries_alpha3" ON "countries"("alpha3") `);
    await queryRunner.query(
      `CREATE TABLE "country_borders" ("country_code" character(2) NOT NULL, "neighbour_code" character(2) NOT NULL, "kind" character varying(8) NOT NULL, "source" text NOT NULL, CONSTRAINT "CHK_country_borders_distinct" CHECK ("country_code" <> "neighbour_code"), CONSTRAINT "CHK_country_borders_kind" CHECK ("kind" IN ('land', 'sea')), CONSTRAINT "PK_country_borders" PRIMARY KEY ("country_code", "neighbour_code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "providers" ("id" character varying(32) NOT NULL, "name" text NOT NULL, "pue" double precision NOT NULL, "pue_source" text NOT NULL, "default_egress_usd_per_gb" double precision, "default_egress_source" text, "admin_modified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_providers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "regions" ("id" character varying(97) NOT NULL, "provider_id" character varying(32) NOT NULL, "code" character varying(64) NOT NULL, "display_name" text NOT NULL, "city" text NOT NULL, "country_code" character(2) NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "zone" character varying(64) NOT NULL, "reference_intensity_g_per_kwh" double precision NOT NULL, "reference_intensity_source" text NOT NULL, "pue" double precision, "access" character varying(16) NOT NULL, "egress_usd_per_gb" double precision, "egress_price_source" text, "origin_url_template" text, "enabled" boolean NOT NULL DEFAULT true, "deleted_at" TIMESTAMP WITH TIME ZONE, "admin_modified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_regions_longitude" CHECK ("longitude" BETWEEN -180 AND 180), CONSTRAINT "CHK_regions_latitude" CHECK ("latitude" BETWEEN -90 AND 90), CONSTRAINT "CHK_regions_access" CHECK ("access" IN ('general', 'opt-in', 'restricted')), CONSTRAINT "PK_regions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_regions_zone" ON "regions"("zone") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_regions_provider_code" ON "regions"("provider_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "region_links" ("region_a_id" character varying(97) NOT NULL, "region_b_id" character varying(97) NOT NULL, "distance_km" double precision NOT NULL, "rtt_ms" double precision NOT NULL, "rtt_min_ms" double precision NOT NULL, "source" character varying(32) NOT NULL, CONSTRAINT "CHK_region_links_rtt" CHECK ("rtt_ms" > 0), CONSTRAINT "CHK_region_links_order" CHECK ("region_a_id" < "region_b_id"), CONSTRAINT "PK_region_links" PRIMARY KEY ("region_a_id", "region_b_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_borders" ADD CONSTRAINT "FK_country_borders_country" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "country_borders" ADD CONSTRAINT "FK_country_borders_neighbour" FOREIGN KEY ("neighbour_code") REFERENCES "countries"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "regions" ADD CONSTRAINT "FK_regions_provider" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "region_links" ADD CONSTRAINT "FK_region_links_region_a" FOREIGN KEY ("region_a_id") REFERENCES "regions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "region_links" ADD CONSTRAINT "FK_region_links_region_b" FOREIGN KEY ("region_b_id") REFERENCES "regions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "region_links" DROP CONSTRAINT "FK_region_links_region_b"`);
    await queryRunner.query(`ALTER TABLE "region_links" DROP CONSTRAINT "FK_region_links_region_a"`);
    await queryRunner.query(`ALTER TABLE "regions" DROP CONSTRAINT "FK_regions_provider"`);
    await queryRunner.query(`ALTER TABLE "country_borders" DROP CONSTRAINT "FK_country_borders_neighbour"`);
    await queryRunner.query(`ALTER TABLE "country_borders" DROP CONSTRAINT "FK_country_borders_country"`);
    await queryRunner.query(`DROP TABLE "region_links"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_regions_provider_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_regions_zone"`);
    await queryRunner.query(`DROP TABLE "regions"`);
    await queryRunner.query(`DROP TABLE "providers"`);
    await queryRunner.query(`DROP TABLE "country_borders"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_countries_alpha3"`);
    await queryRunner.query(`DROP TABLE "countries"`);
  }
}
