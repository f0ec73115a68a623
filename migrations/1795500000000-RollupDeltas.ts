import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollup deltas: what each POST /consumption adds to view_rollups, appended in the transaction
 * that records the views, and folded into view_rollups about once a second by
 * RollupCompactionService. GET /stats reads both tables in one statement.
 *
 * Why: every batch of views touches the same few hundred rollup rows (today's totals, today's rows
 * per country, per video…). Upserting them in each batch meant about 10 µs of database work per
 * row and a lock on each until commit, which concurrent batches queued behind; appending them to a
 * table without an index costs a fraction of that and locks nothing shared.
 *
 * Not an entity: rows have no identity (TypeORM requires a primary key, and an index would undo
 * the gain). The compaction vacuums it after each run, so that it stays a few megabytes (GET /stats
 * scans it whole); the autovacuum settings (after every 50,000 deleted rows rather than a share of
 * its size) are the fallback when compaction is off.
 */
export class RollupDeltas1795500000000 implements MigrationInterface {
  name = 'RollupDeltas1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "view_rollup_deltas" ("dimension" character varying(16) NOT NULL, "day" date NOT NULL, "key" character varying(128) NOT NULL, "views" bigint NOT NULL, "minutes" double precision NOT NULL, "data_volume_gb" double precision NOT NULL, "energy_kwh" double precision NOT NULL, "emissions_g" double precision NOT NULL)
       WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 50000, autovacuum_vacuum_cost_delay = 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fold what is pending into the rollups first, so that undoing this loses no statistics.
    await queryRunner.query(
      `INSERT INTO view_rollups AS r (dimension, day, key, views, minutes, data_volume_gb, energy_kwh, emissions_g)
       SELECT dimension, day, key, sum(views), sum(minutes), sum(data_volume_gb), sum(energy_kwh), sum(emissions_g)
       FROM view_rollup_deltas GROUP BY 1, 2, 3
       ON CONFLICT (dimension, day, key) DO UPDATE SET
         views = r.views + EXCLUDED.views, minutes = r.minutes + EXCLUDED.minutes,
         data_volume_gb = r.data_volume_gb + EXCLUDED.data_volume_gb,
         energy_kwh = r.energy_kwh + EXCLUDED.energy_kwh, emissions_g = r.emissions_g + EXCLUDED.emissions_g`,
    );
    await queryRunner.query(`DROP TABLE "view_rollup_deltas"`);
  }
}
