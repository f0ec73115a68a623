import type { MonthPartition } from '../domain/partitions.js';

/** A pg client or pool, or a TypeORM data source or query runner (they answer rows differently). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Creates the monthly partitions of `views` that do not exist yet. A month whose rows already sit
 * in the default partition cannot get its own partition without moving them: it is skipped (and
 * reported), its rows stay readable in the default partition.
 */
export async function ensureViewPartitions(
  database: Queryable,
  partitions: MonthPartition[],
): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = [];
  const skipped: string[] = [];
  for (const partition of partitions) {
    const exists = (await database.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [
      partition.name,
    ])) as { exists: boolean }[] | { rows: { exists: boolean }[] };
    const rows = Array.isArray(exists) ? exists : exists.rows;
    if (rows[0]?.exists) continue;
    try {
      // One statement each, outside any transaction: a month that fails does not undo the others.
      await database.query(
        `CREATE TABLE IF NOT EXISTS "${partition.name}" PARTITION OF views
         FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`,
      );
      created.push(partition.name);
    } catch (error) {
      skipped.push(`${partition.name} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { created, skipped };
}
