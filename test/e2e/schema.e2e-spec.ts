import { createDataSource } from '../../src/database/data-source.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

describe('schema (e2e)', () => {
  it('has migrations that match the entities exactly (no drift)', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource(database.url, 1);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await dropTestDatabase(database.name);
    }
  });

  it('can undo every migration and apply them again', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource(database.url, 1);
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations();
      for (let index = 0; index < applied.length; index += 1) await dataSource.undoLastMigration();
      const tables = await dataSource.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      expect((await dataSource.runMigrations()).length).toBe(applied.length);
    } finally {
      await dataSource.destroy();
      await dropTestDatabase(database.name);
    }
  });
});
