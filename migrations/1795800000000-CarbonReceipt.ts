import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-view carbon receipt (docs/RECOMMENDATION.md#receipt): each view keeps the data-centre grams
 * avoided against the nearest serving region to its viewer, and that region; the rollups sum the
 * grams and count the views that carry one, so that GET /stats answers `avoidedKg`.
 *
 * Nullable on views (a view that named no region has no receipt; views recorded before this
 * migration have none either). Adding a nullable column without a default to the partitioned
 * table rewrites nothing. The rollups take 0 as default: rows summed before knew no receipt.
 */
export class CarbonReceipt1795800000000 implements MigrationInterface {
  name = 'CarbonReceipt1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "views" ADD "avoided_g" double precision, ADD "baseline_region" character varying(97)`,
    );
    for (const table of ['view_rollups', 'view_rollup_deltas']) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD "avoided_g" double precision NOT NULL DEFAULT 0, ADD "receipt_views" bigint NOT NULL DEFAULT 0`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['view_rollup_deltas', 'view_rollups']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "receipt_views", DROP COLUMN "avoided_g"`);
    }
    await queryRunner.query(`ALTER TABLE "views" DROP COLUMN "baseline_region", DROP COLUMN "avoided_g"`);
  }
}
