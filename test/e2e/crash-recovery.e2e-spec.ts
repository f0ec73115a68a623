import { once } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsDto } from '../../src/consumption/http/stats.dto.js';
import { viewBody } from '../factories/view.factory.js';
import { AppProcess, spawnApp, waitFor200 } from '../support/app-process.js';
import { waitUntil } from '../support/wait.js';

/**
 * Chaos tests on the built service and its embedded PostgreSQL (docs/OPERATIONS.md#crashes-and-recovery):
 * the Node process or the postmaster killed with SIGKILL while POST /consumption batches stream in.
 * Every batch acknowledged (201) is stored whole, no batch is stored in part, and /stats agrees
 * with the raw rows.
 */
const ADMIN_KEY = 'chaos-admin-key-0123456789';
const PROVIDER_KEY = 'chaos-provider-key-0123456789';
const ANALYST_KEY = 'chaos-analyst-key-0123456789';
const WRITERS = 4;
const BATCH = 25;
/** Batches acknowledged before the kill, and (postmaster kill) after the recovery. */
const BATCHES_BEFORE = 20;
/** Generous: a loaded 2-core machine boots the service and PostgreSQL in 5-20 s. */
const BOOT_MS = 90_000;
/** Each test boots the service once or twice and streams writes: bounded, but not by Jest's default. */
const TEST_MS = 300_000;

interface Traffic {
  acknowledged: string[];
  /** Bodies of the 503s answered (the database was away). */
  unavailable: string[];
  failures: string[];
  stop(): Promise<void>;
}

/** `WRITERS` loops posting batches of BATCH views, batch ids `<tag>-<writer>-<n>`, view ids `<batch>.<i>`. */
function startTraffic(
  app: AppProcess,
  tag: string,
  options: { connectionErrorsAreFailures: boolean },
): Traffic {
  const traffic: Traffic = { acknowledged: [], unavailable: [], failures: [], stop: async () => undefined };
  let isStopped = false;
  const writer = async (writerIndex: number) => {
    for (let sequence = 0; !isStopped; sequence += 1) {
      const batchId = `${tag}-${writerIndex}-${sequence}`;
      const startedAt = new Date(Date.now() - 3_600_000).toISOString();
      const views = Array.from({ length: BATCH }, (_, index) =>
        viewBody({ clientId: `${batchId}.${index}`, videoId: `video-${index % 5}`, startedAt }),
      );
      try {
        const response = await fetch(`${app.baseUrl}/consumption`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}` },
          body: JSON.stringify({ views }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        if (response.status === 201) traffic.acknowledged.push(batchId);
        else if (response.status === 503) traffic.unavailable.push(text);
        else traffic.failures.push(`${batchId}: HTTP ${response.status} ${text}`);
      } catch (error) {
        if (app.child.exitCode !== null || app.child.signalCode !== null) return;
        if (options.connectionErrorsAreFailures) traffic.failures.push(`${batchId}: ${String(error)}`);
      }
      if (traffic.unavailable.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const writing = Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)));
  traffic.stop = async () => {
    isStopped = true;
    await writing;
  };
  return traffic;
}

/** Every acknowledged batch whole, no batch in part, /stats totals equal to the raw rows. */
async function expectConsistent(baseUrl: string, acknowledged: string[]): Promise<void> {
  const response = await fetch(`${baseUrl}/consumption`, {
    headers: { authorization: `Bearer ${ANALYST_KEY}`, accept: 'text/csv' },
  });
  expect(response.status).toBe(200);
  const lines = (await response.text()).trim().split('\r\n');
  const clientIdColumn = lines[0]!.split(',').indexOf('clientId');
  const perBatch = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const clientId = line.split(',')[clientIdColumn]!;
    const batchId = clientId.slice(0, clientId.lastIndexOf('.'));
    perBatch.set(batchId, (perBatch.get(batchId) ?? 0) + 1);
  }
  const missing = acknowledged.filter((batchId) => perBatch.get(batchId) !== BATCH);
  const partial = [...perBatch].filter(([, count]) => count !== BATCH);
  expect({ missing, partial }).toEqual({ missing: [], partial: [] });
  const stats = (await (
    await fetch(`${baseUrl}/stats?groupBy=month`, { headers: { authorization: `Bearer ${ANALYST_KEY}` } })
  ).json()) as StatsDto;
  expect(stats.totals.views).toBe(lines.length - 1);
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL watchdog among the children of `parentPid` (docs/OPERATIONS.md#crashes-and-recovery). */
async function watchdogOf(parentPid: number): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes('greenstream-postgres-watchdog')) {
        return Number(entry);
      }
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function killNode(app: AppProcess): Promise<void> {
  const exited = once(app.child, 'exit');
  app.child.kill('SIGKILL');
  await exited;
}

async function metric(baseUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('crashes and recovery (e2e, built service on its embedded PostgreSQL)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];

  const start = async (extra: Record<string, string> = {}) => {
    const app = await spawnApp({ ...env, ...extra });
    apps.push(app);
    try {
      await waitFor200(`${app.baseUrl}/health/ready`, BOOT_MS, app.child);
    } catch (error) {
      throw new Error(`${(error as Error).message}; its output:\n${app.output().slice(-3000)}`, {
        cause: error,
      });
    }
    return app;
  };

  /** Runs traffic until `count` more batches are acknowledged (fails on any unexpected answer). */
  const untilAcknowledged = (traffic: Traffic, count: number, what: string) =>
    waitUntil(
      () => {
        if (traffic.failures.length > 0) throw new Error(traffic.failures.slice(0, 3).join('\n'));
        return traffic.acknowledged.length >= count;
      },
      BOOT_MS,
      what,
    );

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenstream-chaos-'));
    await chmod(dataDir, 0o755);
    env = {
      DATA_DIR: dataDir,
      ADMIN_API_KEYS: ADMIN_KEY,
      PROVIDER_API_KEYS: PROVIDER_KEY,
      ANALYST_API_KEYS: ANALYST_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    };
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    // A postmaster left by a failed test must not outlive it.
    const pid = await postmasterPid(dataDir).catch(() => undefined);
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await chmod(join(dataDir, 'pg'), 0o700).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'SIGKILL of the Node process mid-ingestion: its PostgreSQL stops soon after, and a plain restart serves every acknowledged batch whole',
    async () => {
      const first = await start();
      const postmaster = await postmasterPid(dataDir);
      const traffic = startTraffic(first, 'kill-node', { connectionErrorsAreFailures: false });
      await untilAcknowledged(traffic, BATCHES_BEFORE, 'batches acknowledged before the kill');
      await killNode(first);
      await traffic.stop();
      // The watchdog stops the orphan postmaster (fast shutdown).
      await waitUntil(() => !isAlive(postmaster), 30_000, 'the orphaned postmaster to stop');

      const second = await start();
      await expectConsistent(second.baseUrl, traffic.acknowledged);
      expect(await second.stop()).toBe(0);
    },
    TEST_MS,
  );

  it(
    'SIGKILL of the Node process and of its watchdog: the next start stops the orphaned PostgreSQL and serves',
    async () => {
      const first = await start();
      const postmaster = await postmasterPid(dataDir);
      const traffic = startTraffic(first, 'orphan', { connectionErrorsAreFailures: false });
      await untilAcknowledged(traffic, BATCHES_BEFORE, 'batches acknowledged before the kill');
      const watchdog = await waitUntil(() => watchdogOf(first.child.pid!), 10_000, 'the watchdog');
      process.kill(watchdog, 'SIGKILL');
      await killNode(first);
      await traffic.stop();
      expect(isAlive(postmaster)).toBe(true);

      const second = await start();
      expect(isAlive(postmaster)).toBe(false);
      expect(second.output()).toContain(`Stopping the PostgreSQL (pid ${postmaster})`);
      await expectConsistent(second.baseUrl, traffic.acknowledged);
      expect(await second.stop()).toBe(0);
    },
    TEST_MS,
  );

  it(
    'SIGKILL of the postmaster under traffic: the service restarts it and serves again without a restart, and says so in its metrics',
    async () => {
      const app = await start();
      const postmaster = await postmasterPid(dataDir);
      const traffic = startTraffic(app, 'kill-postgres', { connectionErrorsAreFailures: true });
      await untilAcknowledged(traffic, BATCHES_BEFORE, 'batches acknowledged before the kill');
      // While it is away, readiness says so without naming the database's address.
      const readiness: string[] = [];
      const watchingReadiness = (async () => {
        while (
          readiness.length < 200 &&
          (await metric(app.baseUrl, 'greenstream_database_recoveries_total')) < 1
        ) {
          const response = await fetch(`${app.baseUrl}/health/ready`);
          if (response.status === 503) readiness.push(await response.text());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      process.kill(postmaster, 'SIGKILL');
      const acknowledgedAtKill = traffic.acknowledged.length;
      await untilAcknowledged(
        traffic,
        acknowledgedAtKill + BATCHES_BEFORE,
        'batches acknowledged after the kill',
      );
      await traffic.stop();
      await watchingReadiness;

      expect(app.child.exitCode).toBeNull();
      expect(await postmasterPid(dataDir)).not.toBe(postmaster);
      expect(await metric(app.baseUrl, 'greenstream_database_restarts_total{outcome="success"}')).toBe(1);
      expect(await metric(app.baseUrl, 'greenstream_database_recoveries_total')).toBeGreaterThanOrEqual(1);
      expect(await metric(app.baseUrl, 'greenstream_database_up')).toBe(1);
      for (const body of [...traffic.unavailable, ...readiness]) {
        expect(body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      }
      await expectConsistent(app.baseUrl, traffic.acknowledged);
      expect(await app.stop()).toBe(0);
      expect(app.output()).toContain('The database is reachable again');
    },
    TEST_MS,
  );

  it(
    'a PostgreSQL that cannot be started again: /health/live answers 503 after DATABASE_RESTART_ATTEMPTS, and a shutdown does not wait for the dead database',
    async () => {
      const app = await start({ DATABASE_RESTART_ATTEMPTS: '2' });
      const postmaster = await postmasterPid(dataDir);
      // PostgreSQL refuses a data folder that others may read: every restart fails.
      await chmod(join(dataDir, 'pg'), 0o777);
      process.kill(postmaster, 'SIGKILL');
      const live = await waitUntil(
        async () => {
          const response = await fetch(`${app.baseUrl}/health/live`);
          return response.status === 503 ? response : undefined;
        },
        60_000,
        '/health/live to answer 503',
      );
      expect(live.headers.get('content-type')).toContain('application/problem+json');
      expect(await metric(app.baseUrl, 'greenstream_database_state{state="failed"}')).toBe(1);
      expect(
        await metric(app.baseUrl, 'greenstream_database_restarts_total{outcome="failure"}'),
      ).toBeGreaterThanOrEqual(2);

      const startedMs = Date.now();
      expect(await app.stop()).toBe(0);
      // SHUTDOWN_TIMEOUT_MS is 25 s.
      expect(Date.now() - startedMs).toBeLessThan(15_000);
    },
    TEST_MS,
  );
});
