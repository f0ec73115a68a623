import { ensureViewPartitions } from '../../src/consumption/persistence/view-partitions.js';
import { partitionsAhead } from '../../src/consumption/domain/partitions.js';
import { withEmptyTestDatabase } from '../support/test-database.js';
import { PgSessions } from '../../src/platform/database/pg-sessions.js';
import { partitionsAround } from '../../src/steering/domain/day-partitions.js';
import { DecisionLogStore } from '../../src/steering/persistence/decision-log.store.js';

describe('schema (e2e)', () => {
  it('has migrations that match the entities exactly (no drift)', async () => {
    await withEmptyTestDatabase(async (dataSource) => {
      await dataSource.runMigrations();
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });
  });

  // views is partitioned by month (declared in the migration; TypeORM cannot express it). TypeORM
  // compares the parent table only and ignores the partitions, which are not entities.
  it('stays without drift once monthly partitions of views exist, and undoing drops them', async () => {
    await withEmptyTestDatabase(async (dataSource) => {
      await dataSource.runMigrations();
      const { created } = await ensureViewPartitions(dataSource, partitionsAhead(new Date(), 3));
      expect(created).toHaveLength(5);
      const [{ kind }] = await dataSource.query(
        `SELECT relkind AS kind FROM pg_class WHERE relname = 'views'`,
      );
      expect(kind).toBe('p');
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      // The candidate sets, the session measures, the decision sessions index, measured latency, the carbon receipt columns, origin health, steering, the rollup deltas, then the consumption tables with every partition.
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      const left = await dataSource.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'view%'`);
      expect(left).toEqual([]);
    });
  });

  it('can undo every migration and apply them again', async () => {
    await withEmptyTestDatabase(async (dataSource) => {
      const applied = await dataSource.runMigrations();
      for (let index = 0; index < applied.length; index += 1) await dataSource.undoLastMigration();
      const tables = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      expect((await dataSource.runMigrations()).length).toBe(applied.length);
    });
  });

  // steering_decisions is partitioned by day (declared in the migration, like views).
  it('stays without drift once daily partitions of the decision log exist, and undoing drops them', async () => {
    await withEmptyTestDatabase(async (dataSource) => {
      await dataSource.runMigrations();
      const runner = dataSource.createQueryRunner();
      try {
        const { created } = await new DecisionLogStore(new PgSessions(dataSource)).ensurePartitions(
          runner,
          partitionsAround(new Date(), 2),
        );
        expect(created).toHaveLength(4);
      } finally {
        await runner.release();
      }
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      // The candidate sets, the session measures, the decision sessions index, measured latency, the carbon receipt columns, origin health, then steering.
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      const left = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE tablename LIKE 'steering%' OR tablename IN ('origins', 'delivery_services', 'origin_loads')`,
      );
      expect(left).toEqual([]);
    });
  });
});
