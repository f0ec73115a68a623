import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';

/**
 * A watchdog that stops the embedded PostgreSQL when the Node process dies without stopping it
 * (SIGKILL, the OOM killer, a crash): a tiny `/bin/sh` child (about 1 MB) blocked reading a pipe
 * from Node. Nothing is ever written to the pipe; when the Node process dies, the kernel closes
 * its end, the read ends, and the shell sends the postmaster SIGINT (fast shutdown), then SIGQUIT
 * 10 s later if it is still there, in both cases only while `postmaster.pid` still names that
 * pid. Linux's parent-death signal is not reachable from Node and PostgreSQL has no option to
 * watch its parent, hence a process of our own (docs/OPERATIONS.md#crashes-and-recovery).
 */
const SCRIPT = [
  'while read -r _; do :; done',
  'owns() { [ "$(head -n 1 "$1/postmaster.pid" 2>/dev/null)" = "$2" ]; }',
  'owns "$1" "$2" && kill -INT "$2" 2>/dev/null',
  'i=0; while [ $i -lt 100 ] && owns "$1" "$2" && kill -0 "$2" 2>/dev/null; do sleep 0.1; i=$((i+1)); done',
  'owns "$1" "$2" && kill -QUIT "$2" 2>/dev/null',
  'exit 0',
].join('\n');

export interface Watchdog {
  pid: number | undefined;
  /** Ends the watchdog without touching PostgreSQL (a stop or a restart of our own). */
  dismiss(): void;
}

export function startWatchdog(
  postmasterPid: number,
  clusterDir: string,
  log: (message: string) => void,
): Watchdog {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) {
    log('No /bin/sh: PostgreSQL would outlive a crash of this process (no watchdog)');
    return { pid: undefined, dismiss: () => undefined };
  }
  let child: ChildProcess | undefined = spawn(
    '/bin/sh',
    ['-c', SCRIPT, 'greenstream-postgres-watchdog', clusterDir, String(postmasterPid)],
    // Its own process group: a Ctrl-C in a terminal reaches Node (which stops PostgreSQL itself),
    // not the watchdog.
    { stdio: ['pipe', 'ignore', 'ignore'], detached: true },
  );
  child.on('error', (error) => log(`PostgreSQL watchdog failed: ${error.message}`));
  child.on('exit', () => {
    child = undefined;
  });
  // Neither the process nor the pipe keeps Node's event loop alive.
  child.unref();
  (child.stdin as unknown as Socket | null)?.unref();
  return {
    pid: child.pid,
    dismiss: () => {
      child?.kill('SIGKILL');
      child = undefined;
    },
  };
}
