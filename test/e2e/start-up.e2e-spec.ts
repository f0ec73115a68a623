import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/platform/database/free-port.js';
import { AppProcess, spawnApp, waitFor200 } from '../support/app-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait.js';

type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** Every line the process wrote, parsed: the test fails on a line that is not JSON. */
function logLines(app: AppProcess): LogLine[] {
  return app
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`a log line is not JSON: ${line}`);
      }
    });
}

function lineWith(app: AppProcess, pattern: RegExp): LogLine | undefined {
  return logLines(app).find((line) => pattern.test(line.msg ?? ''));
}

async function exitOf(app: AppProcess, timeoutMs: number): Promise<number | null> {
  if (app.child.exitCode !== null) return app.child.exitCode;
  const timer = setTimeout(() => app.child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(app.child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

/**
 * The built service's start-up as an operator sees it: JSON lines only, a line with the URLs soon
 * after it is ready, one line naming the variable when the configuration cannot work, and a signal
 * during boot stopping it.
 */
describe('start-up (e2e, built service)', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'greenstream-start-up-'));
    await chmod(folder, 0o755);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('logs the URLs of the API and of /docs within a second of /health/ready answering 200, every line JSON', async () => {
    const database = await createTestDatabase();
    const app = await spawnApp({ DATABASE_URL: database.url });
    try {
      await waitFor200(`${app.baseUrl}/health/ready`, 60000, app.child);
      const readyAt = Date.now();
      const line = await waitUntil(
        () => lineWith(app, /listening on/),
        1000,
        'the start-up line with the URL',
      );
      expect(Date.now() - readyAt).toBeLessThan(1000);
      const port = new URL(app.baseUrl).port;
      expect(line.urls).toEqual({
        api: `http://127.0.0.1:${port}`,
        docs: `http://127.0.0.1:${port}/docs`,
        dashboard: `http://127.0.0.1:${port}/dashboard/`,
      });
      expect(line.msg).toBe(
        `GreenStream listening on http://127.0.0.1:${port} (docs: http://127.0.0.1:${port}/docs, dashboard: http://127.0.0.1:${port}/dashboard/)`,
      );
      expect((await fetch(`${app.baseUrl}/docs`)).status).toBe(200);
      // Nest's own lines (module initialisation, routes) are JSON too, with their context.
      expect(logLines(app).some((entry) => entry.context === 'RoutesResolver')).toBe(true);
      expect(app.output()).not.toContain('\u001b[');
    } finally {
      expect(await app.stop()).toBe(0);
      await dropTestDatabase(database.name);
    }
    expect(logLines(app).at(-1)?.msg).toBe('Stopped (SIGTERM)');
  });

  it('stops at once on a DATABASE_URL with nothing listening, in one line naming the variable and the address', async () => {
    const port = await freePort();
    const started = Date.now();
    const app = await spawnApp({
      DATABASE_URL: `postgres://greenstream:secret-password@127.0.0.1:${port}/greenstream`,
    });
    expect(await exitOf(app, 30000)).toBe(1);
    expect(Date.now() - started).toBeLessThan(15000);
    const failures = logLines(app).filter((line) => (line.level ?? 0) >= 50);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      level: 60,
      variable: 'DATABASE_URL',
      cause: `connection refused at 127.0.0.1:${port} (is PostgreSQL running there?)`,
      msg: `Cannot start: DATABASE_URL: connection refused at 127.0.0.1:${port} (is PostgreSQL running there?)`,
    });
    expect(app.output()).not.toContain('Retrying');
    expect(app.output()).not.toContain('secret-password');
    expect(app.output()).not.toContain('\u001b[');
  });

  it('stops in one line when DATA_DIR is a file', async () => {
    const file = join(folder, 'not-a-folder');
    await writeFile(file, 'x');
    const app = await spawnApp({ DATA_DIR: file });
    expect(await exitOf(app, 30000)).toBe(1);
    const failures = logLines(app).filter((line) => (line.level ?? 0) >= 50);
    expect(failures).toEqual([
      expect.objectContaining({ variable: 'DATA_DIR', cause: `not a directory: ${file}` }),
    ]);
    expect(app.output()).not.toContain('EEXIST');
  });

  it('names every bad variable in one JSON line', async () => {
    const app = await spawnApp({ PORT: 'eighty', LOG_LEVEL: 'loud', DATA_DIR: join(folder, 'unused') });
    expect(await exitOf(app, 30000)).toBe(1);
    const [line, ...others] = logLines(app);
    expect(others).toEqual([]);
    expect(line.msg).toContain('PORT must be an integer');
    expect(line.msg).toContain('LOG_LEVEL must be one of');
    expect(line.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variable: 'PORT' }),
        expect.objectContaining({ variable: 'LOG_LEVEL' }),
      ]),
    );
  });

  it('stops on SIGINT received while the embedded database is being created, without ever listening', async () => {
    const dataDir = join(folder, 'sigint');
    const app = await spawnApp({ DATA_DIR: dataDir });
    await waitUntil(() => lineWith(app, /^GreenStream starting$/), 30000, 'the first line');
    app.child.kill('SIGINT');
    expect(await exitOf(app, 60000)).toBe(0);
    expect(lineWith(app, /SIGINT received during start-up/)).toBeDefined();
    expect(lineWith(app, /listening on/)).toBeUndefined();
    expect(lineWith(app, /^Stopped \(SIGINT\)$/)).toBeDefined();
    // The cluster was stopped cleanly, not left running.
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('stops on SIGTERM received while the application is being built (migrations, seeding), without listening', async () => {
    const dataDir = join(folder, 'sigterm');
    const app = await spawnApp({ DATA_DIR: dataDir });
    await waitUntil(() => lineWith(app, /^Embedded PostgreSQL running/), 60000, 'the database to run');
    app.child.kill('SIGTERM');
    expect(await exitOf(app, 60000)).toBe(0);
    expect(lineWith(app, /SIGTERM received during start-up/)).toBeDefined();
    expect(lineWith(app, /listening on/)).toBeUndefined();
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
