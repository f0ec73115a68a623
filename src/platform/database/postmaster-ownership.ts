import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Who owns an embedded cluster's data folder, and what to do with a postmaster that a crashed
 * GreenStream left behind (docs/OPERATIONS.md#crashes-and-recovery).
 *
 * `<dataDir>/owner.json` names the GreenStream process that started the cluster (its pid and its
 * start time, so that a recycled pid is not mistaken for it). At start, a live postmaster of the
 * same cluster folder is:
 * - stopped (fast shutdown, then harder) when its owner is gone: a stale orphan of a crash;
 * - left alone, and the start refused, when its owner is another live GreenStream process: two
 *   instances must not share one embedded cluster.
 * A postmaster.pid whose process is gone, or is not a postgres of this folder (a recycled pid), is
 * removed. All of this reads Linux's /proc; elsewhere a live pid is left to PostgreSQL to report.
 */

interface Owner {
  pid: number;
  startTime: string;
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot): with the pid, names one process for good. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is `pid` a postgres server started with `-D clusterDir`? Undefined when /proc cannot tell. */
export function isPostgresOf(pid: number, clusterDir: string): boolean | undefined {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return existsSync('/proc/self') ? false : undefined;
  }
  const program = argv[0] ?? '';
  const dataFlag = argv.indexOf('-D');
  return (
    /(^|\/)postgres$/.test(program) &&
    dataFlag >= 0 &&
    resolve(argv[dataFlag + 1] ?? '') === resolve(clusterDir)
  );
}

/** The postmaster pid in `<clusterDir>/postmaster.pid`, if any. */
export async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function readOwner(dataDir: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(join(dataDir, 'owner.json'), 'utf8')) as Owner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Records this process as the cluster's owner. */
export async function claimOwnership(dataDir: string): Promise<void> {
  const owner: Owner = { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
  await writeFile(join(dataDir, 'owner.json'), JSON.stringify(owner), { mode: 0o600 });
}

async function isOwnerAlive(dataDir: string): Promise<Owner | undefined> {
  const owner = await readOwner(dataDir);
  if (owner === undefined || owner.pid === process.pid || !isAlive(owner.pid)) return undefined;
  const startTime = processStartTime(owner.pid);
  // Same pid, other start time: the pid was recycled, the owner is gone.
  return startTime === undefined || startTime === owner.startTime ? owner : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/**
 * Stops a postmaster: SIGINT (fast shutdown: sessions are cut, everything committed is
 * checkpointed), then SIGQUIT (immediate: crash recovery at next start), then SIGKILL.
 */
export async function stopPostmaster(pid: number, fastMs = 15_000): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGINT', fastMs],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone
    }
    if (await waitForExit(pid, waitMs)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
}

/**
 * Makes the cluster folder startable: stops a stale postmaster left by a crashed owner, removes a
 * postmaster.pid that names no postgres of this folder; refuses when another live GreenStream
 * process owns the cluster.
 */
export async function reclaimCluster(
  dataDir: string,
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (pid === undefined) return;
  if (!isAlive(pid)) {
    await rm(join(clusterDir, 'postmaster.pid'), { force: true });
    return;
  }
  const isOurs = isPostgresOf(pid, clusterDir);
  if (isOurs === undefined) return; // no /proc: PostgreSQL itself reports a conflict
  if (!isOurs) {
    log(
      `postmaster.pid names pid ${pid}, which is not a PostgreSQL of ${clusterDir}: removing the stale file`,
    );
    await rm(join(clusterDir, 'postmaster.pid'), { force: true });
    return;
  }
  const owner = await isOwnerAlive(dataDir);
  if (owner !== undefined) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} (pid ${pid}) belongs to GreenStream process ${owner.pid}, still running: two instances cannot share one DATA_DIR`,
    );
  }
  log(
    `Stopping the PostgreSQL (pid ${pid}) that a previous GreenStream process left running on ${clusterDir}`,
  );
  await stopPostmaster(pid);
  // A postmaster that had to be killed leaves its pid file; one that stopped removed it.
  await rm(join(clusterDir, 'postmaster.pid'), { force: true });
}
