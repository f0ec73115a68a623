import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source.js';

function baseUrl(): string {
  const url = process.env.GREENSTREAM_TEST_DATABASE_URL;
  if (!url) throw new Error('GREENSTREAM_TEST_DATABASE_URL is not set: run e2e tests through `npm test`');
  return url;
}

/** Runs `work` on a plain pg connection to `url` of its own, closed afterwards whatever happened. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement (or several, separated by `;`) on `url`. */
export async function runSql(url: string, statement: string): Promise<void> {
  await withClient(url, (client) => client.query(statement));
}

/** A fresh, empty database on the test cluster; returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; name: string }> {
  const name = `gs_test_${randomBytes(6).toString('hex')}`;
  await runSql(baseUrl(), `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await runSql(baseUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs `work` on an initialised one-connection TypeORM data source on `url`, destroyed afterwards. */
export async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource(url, 1);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs `work` on a data source on a fresh, empty database (no migration run), dropped afterwards. */
export async function withEmptyTestDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await createTestDatabase();
  try {
    return await withDataSource(database.url, work);
  } finally {
    await dropTestDatabase(database.name);
  }
}
