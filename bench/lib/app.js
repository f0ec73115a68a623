// The application under test, run as a child process of the harness.
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';

/** Asks the kernel for a free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

export class AppProcess {
  /**
   * @param {object} options
   * @param {string} options.repoRoot  Working directory of the app (relative paths in its config).
   * @param {string | undefined} options.command  Shell command replacing `node dist/src/main.js`
   *   (BENCH_APP_COMMAND), e.g. to benchmark another build.
   * @param {Record<string, string>} options.env  Scenario-specific variables.
   * @param {string} options.logFile  Where the app's stdout and stderr go.
   */
  constructor({ repoRoot, command, env, logFile }) {
    this.repoRoot = repoRoot;
    this.command = command;
    this.scenarioEnv = env;
    this.logFile = logFile;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    /**
     * Resolves once the child has gone.
     * @type {Promise<{ code?: number | null, signal?: string | null, error?: Error }>}
     */
    this.exited = Promise.resolve({});
    this.hasExited = true;
    this.dataDir = '';
    this.port = 0;
    this.stopped = false;
  }

  get baseUrl() {
    return `http://${HOST}:${this.port}`;
  }

  async start() {
    this.port = await freePort();
    // A fresh data directory per run: the embedded PostgreSQL cluster is created, migrated and
    // seeded from scratch, so every run measures the same database, whatever ran before.
    this.dataDir = await mkdtemp(join(tmpdir(), 'greenstream-bench-'));
    const env = {
      // Inherited so that PATH, HOME, LOG_LEVEL (if the caller set it), DATABASE_URL (to use an
      // external PostgreSQL) etc. reach the app.
      ...process.env,
      // The limiter would answer 429 after a few hundred requests from the single client IP.
      RATE_LIMIT_PER_MINUTE: '0',
      ...this.scenarioEnv,
      PORT: String(this.port),
      HOST,
      DATA_DIR: this.dataDir,
    };
    const [file, args] = this.command
      ? // `exec` makes the command itself (not a shell around it) the process that gets SIGTERM.
        ['/bin/sh', ['-c', `exec ${this.command}`]]
      : [process.execPath, ['dist/src/main.js']];
    // The child writes straight into the log file: nothing passes through the harness, which
    // shares the CPU with the app and must not spend it relaying log lines.
    const logFd = openSync(this.logFile, 'a');
    try {
      this.child = spawn(file, args, {
        cwd: this.repoRoot,
        env,
        stdio: ['ignore', logFd, logFd],
        // Own process group: Ctrl-C in the terminal reaches only the harness, which then shuts
        // the app down in order; and one kill(-pgid) also reaches the app's own children
        // (the embedded PostgreSQL) if the app has to be killed.
        detached: true,
      });
    } finally {
      closeSync(logFd); // the child has its own copy of the descriptor
    }
    this.hasExited = false;
    const child = this.child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ error })); // e.g. the command was not found
    }).then((outcome) => {
      this.hasExited = true;
      return outcome;
    });
  }

  /**
   * Polls GET /health/ready until it answers 200.
   * @param {object} options
   * @param {number} options.timeoutMs
   * @param {number} options.intervalMs
   * @param {(elapsedSeconds: number, lastStatus: string) => void} options.onProgress
   * @returns {Promise<number>} seconds it took
   */
  async waitUntilReady({ timeoutMs, intervalMs, onProgress }) {
    const startedAt = Date.now();
    let lastStatus = 'no answer yet';
    for (;;) {
      const elapsed = (Date.now() - startedAt) / 1000;
      if (this.hasExited) {
        const { code, signal, error } = await this.exited;
        const how = error ? String(error) : signal ? `signal ${signal}` : `code ${code}`;
        throw new Error(
          `the app exited during start-up (${how}). Last lines of its log:\n${await this.logTail()}`,
        );
      }
      if (elapsed * 1000 > timeoutMs) {
        throw new Error(
          `the app was not ready after ${timeoutMs / 1000} s (last /health/ready: ${lastStatus}). ` +
            `Last lines of its log:\n${await this.logTail()}`,
        );
      }
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return elapsed;
        lastStatus = `HTTP ${response.status}`;
      } catch (error) {
        // Connection refused until the app listens: expected during start-up.
        lastStatus = /** @type {Error} */ (error).cause?.code ?? /** @type {Error} */ (error).message;
      }
      onProgress(elapsed, lastStatus);
      await sleep(intervalMs);
    }
  }

  /**
   * Stops the app: SIGTERM (graceful shutdown, which also stops the embedded PostgreSQL), then
   * SIGKILL to the whole process group after `graceMs`. Idempotent. Removes the data directory.
   */
  async stop({ graceMs = 15_000, log = console.error } = {}) {
    const child = this.child;
    if (child && !this.hasExited) {
      child.kill('SIGTERM');
      const outcome = await Promise.race([this.exited, sleep(graceMs, 'timeout')]);
      if (outcome === 'timeout') {
        log(`the app did not exit ${graceMs / 1000} s after SIGTERM: sending SIGKILL`);
        this.signalGroup('SIGKILL');
        await this.exited;
      }
    }
    if (child?.pid) await this.reapGroup(log);
    if (this.dataDir) {
      // Best effort: a failure here (e.g. a file still held) must not hide the benchmark result.
      await rm(this.dataDir, { recursive: true, force: true }).catch((error) =>
        log(`could not remove ${this.dataDir}: ${error.message}`),
      );
      this.dataDir = '';
    }
    this.stopped = true;
  }

  /**
   * Kills everything at once and removes the data directory, synchronously: for a second Ctrl-C
   * and as a last resort from a `process.on('exit')` handler.
   */
  killNow() {
    if (this.stopped) return;
    if (this.child?.pid) this.signalGroup('SIGKILL');
    if (this.dataDir) {
      try {
        rmSync(this.dataDir, { recursive: true, force: true });
      } catch {
        // Best effort.
      }
    }
  }

  /**
   * The app may exit while processes it started are still running (e.g. if it crashed before
   * stopping PostgreSQL). They are in its process group: terminate them, then kill them.
   */
  async reapGroup(log) {
    if (!this.groupHasProcesses()) return;
    this.signalGroup('SIGTERM');
    for (let waited = 0; waited < 5000 && this.groupHasProcesses(); waited += 100) await sleep(100);
    if (!this.groupHasProcesses()) return;
    this.signalGroup('SIGKILL');
    await sleep(200);
    if (this.groupHasProcesses()) {
      log(`processes of group ${this.child?.pid} are still present after SIGKILL (zombies?): check with ps`);
    }
  }

  groupHasProcesses() {
    try {
      process.kill(-(/** @type {number} */ (this.child?.pid)), 0);
      return true;
    } catch (error) {
      return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
    }
  }

  signalGroup(signal) {
    try {
      process.kill(-(/** @type {number} */ (this.child?.pid)), signal);
    } catch {
      // ESRCH: nothing left in the group.
    }
  }

  /** Last lines of the app's log, to explain a failed start. */
  async logTail(lines = 30) {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    return tail === '' ? '  (empty)' : tail;
  }
}
