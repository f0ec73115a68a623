import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision's candidates are stored once per distinct set (docs/STEERING.md#how-the-log-stores-candidates).
 * The candidates of the decisions made in the same second for the same viewer place are the same
 * but for each origin's live sessions, so each decision row wrote the same few hundred bytes again.
 * Now `steering_candidate_sets` holds each set once per UTC day (`set_id`: a hash of the day and
 * the set), and a decision names it (`candidate_set`) with its own live sessions per candidate
 * (`live_sessions`, in the set's order). Rows written before keep their `candidates` and are
 * exported as they were; a new row has `candidates` null.
 */
export class CandidateSets1796200000000 implements MigrationInterface {
  name = 'CandidateSets1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "steering_candidate_sets" (
         "set_id" text NOT NULL,
         "day" date NOT NULL,
         "candidates" json NOT NULL,
         CONSTRAINT "PK_steering_candidate_sets" PRIMARY KEY ("set_id")
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_steering_candidate_sets_day" ON "steering_candidate_sets" ("day")`,
    );
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         ADD COLUMN "candidate_set" text,
         ADD COLUMN "live_sessions" integer[],
         ALTER COLUMN "candidates" DROP NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Decisions that name a set get their candidates back, live sessions included.
    await queryRunner.query(
      `UPDATE "steering_decisions" d
          SET "candidates" = (
            SELECT json_agg(
                     (SELECT json_agg(CASE WHEN f.ordinality = 13 THEN to_json(d."live_sessions"[c.ordinality]) ELSE f.value END
                                      ORDER BY f.ordinality)
                        FROM json_array_elements(c.value) WITH ORDINALITY AS f(value, ordinality))
                     ORDER BY c.ordinality)
              FROM "steering_candidate_sets" s,
                   json_array_elements(s."candidates") WITH ORDINALITY AS c(value, ordinality)
             WHERE s."set_id" = d."candidate_set")
        WHERE d."candidate_set" IS NOT NULL`,
    );
    await queryRunner.query(`UPDATE "steering_decisions" SET "candidates" = '[]' WHERE "candidates" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "steering_decisions"
         ALTER COLUMN "candidates" SET NOT NULL,
         DROP COLUMN "live_sessions",
         DROP COLUMN "candidate_set"`,
    );
    await queryRunner.query(`DROP TABLE "steering_candidate_sets"`);
  }
}
