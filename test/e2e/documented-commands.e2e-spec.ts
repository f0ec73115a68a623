import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/platform/database/free-port.js';
import { documentedCommands } from '../support/documented-commands.js';
import { waitFor200 } from '../support/app-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

const root = new URL('../../', import.meta.url).pathname;

/** The keys the README tells the reader to start the service with. */
const README_KEYS = {
  ADMIN_API_KEYS: 'my-admin-key-0123456789',
  PROVIDER_API_KEYS: 'my-provider-key-0123456789',
  ANALYST_API_KEYS: 'my-analyst-key-0123456789',
};

/**
 * The commands of README.md and docs/OPERATIONS.md, run as written: the service started with
 * OPERATIONS' `DATABASE_URL=… npm run start:prod`, then every curl of the README against it (with
 * `localhost:3000` pointed at that service). A command must exit 0, and answer below 400 unless the
 * text around it documents the error status it gives. Commands that need Docker, Kubernetes or a
 * second process (the fake Electricity Maps) are listed and left out.
 */
describe('the documented commands (e2e, npm run start:prod)', () => {
  let database: { url: string; name: string };
  let port: number;
  let service: ReturnType<typeof spawn> | undefined;
  let output = '';

  const start = async (extraEnv: Record<string, string> = {}) => {
    output = '';
    // OPERATIONS.md's command, as written (the database and port being this test's).
    service = spawn('npm', ['run', 'start:prod'], {
      cwd: root,
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        ...README_KEYS,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor200(`http://127.0.0.1:${port}/health/ready`, 120000, service);
  };

  const stop = async () => {
    if (service === undefined || service.exitCode !== null) return;
    const exited = once(service, 'exit');
    process.kill(-service.pid!, 'SIGTERM');
    await exited;
    service = undefined;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
  });

  afterAll(async () => {
    await stop();
    await dropTestDatabase(database.name);
  });

  it('runs every curl command of the README as written, against the service started with npm run start:prod', async () => {
    const commands = documentedCommands(`${root}README.md`, 'README.md');
    const failures: string[] = [];
    const skipped: string[] = [];
    const assignments: string[] = [];
    let restartEnv: Record<string, string> | undefined = {};
    let ran = 0;
    const scratch = mkdtempSync(join(tmpdir(), 'greenstream-commands-'));
    for (const { file, line, command, comments } of commands) {
      const where = `${file}:${line}`;
      const restart = /^((?:[A-Z_]+=\S+\s+)+)npm start$/.exec(command);
      if (restart) {
        // `VAR=value npm start`: the commands after it run against a service started so.
        restartEnv = Object.fromEntries(
          restart[1]
            .trim()
            .split(/\s+/)
            .map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
        );
        if (Object.keys(restartEnv).some((name) => name.startsWith('ELECTRICITY_MAPS'))) {
          skipped.push(`${where}: ${command} (needs the fake Electricity Maps of the line before)`);
          restartEnv = undefined;
          continue;
        }
        await stop();
        await start(restartEnv);
        continue;
      }
      if (/^[A-Z_]+=('[^']*'|"[^"]*"|\S+)$/.test(command)) {
        assignments.push(command);
        continue;
      }
      if (!command.startsWith('curl ')) {
        skipped.push(`${where}: ${command.split('\n')[0]}`);
        continue;
      }
      if (/<[A-Za-z]+>/.test(command)) {
        skipped.push(`${where}: ${command.split('\n')[0]} (a placeholder to fill in)`);
        continue;
      }
      if (service === undefined) await start(restartEnv ?? {});
      const script = [
        'set -o pipefail',
        // The status of every answer, on stderr, unless the command writes its own -w.
        `curl() { command curl -w '%{stderr}HTTP_STATUS=%{http_code}\\n' "$@"; }`,
        ...assignments,
        command.replaceAll('localhost:3000', `127.0.0.1:${port}`),
      ].join('\n');
      const result = spawnSync('bash', ['-c', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
      ran += 1;
      const statuses = [...result.stderr.matchAll(/HTTP_STATUS=(\d+)/g)].map((match) => Number(match[1]));
      const documentedErrors = new Set(
        [...comments.matchAll(/\b([45]\d\d)\b/g)].map((match) => Number(match[1])),
      );
      const badStatus = statuses.find((status) => status >= 400 && !documentedErrors.has(status));
      if (result.status !== 0 || statuses.includes(0) || badStatus !== undefined) {
        failures.push(
          `${where}: ${command.split('\n')[0]} → exit ${result.status}, status ${statuses.join(',')}: ${(result.stdout + result.stderr).slice(0, 300)}`,
        );
      }
    }
    await stop();
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThanOrEqual(30);
    rmSync(scratch, { recursive: true, force: true });
    // Left out: npm scripts (run by other suites), Docker, Kubernetes, placeholders, the fake's block.
    for (const entry of skipped)
      expect(entry).toMatch(/: (npm |docker |kubectl )|placeholder|fake Electricity Maps/);
  }, 600000);
});
