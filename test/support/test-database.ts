import { randomBytes } from 'node:crypto';
import pg from 'pg';

function baseUrl(): string {
  const url = process.env.GREENSTREAM_TEST_DATABASE_URL;
  if (!url) throw new Error('GREENSTREAM_TEST_DATABASE_URL is not set: run e2e tests through `npm test`');
  return url;
}

async function maintenance<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the test cluster; returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; name: string }> {
  const name = `gs_test_${randomBytes(6).toString('hex')}`;
  await maintenance((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await maintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
