import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApp, waitFor200 } from '../support/app-process.js';

const ADMIN_KEY = 'shutdown-admin-key-0123456789';
const WRITERS = 6;

interface WriteLog {
  acknowledged: string[];
  acknowledgedAfterSignal: number;
  refused: number;
}

/**
 * SIGTERM while admin writes stream in (the built service on its embedded PostgreSQL): every write
 * answered 2xx before or during the shutdown is still there after a restart on the same data.
 */
describe('graceful shutdown (e2e, built service)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenstream-shutdown-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write when stopped by SIGTERM during a stream of writes, and exits 0', async () => {
    const env = {
      DATA_DIR: dataDir,
      ADMIN_API_KEYS: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    };
    const first = await spawnApp(env);
    const log: WriteLog = { acknowledged: [], acknowledgedAfterSignal: 0, refused: 0 };
    let signalled = false;
    try {
      await waitFor200(`${first.baseUrl}/health/ready`, 30000, first.child);
      const writer = async (writerIndex: number) => {
        for (let sequence = 0; ; sequence += 1) {
          const id = `sig-${writerIndex}-${sequence}`;
          let status: number;
          let text: string;
          try {
            const response = await fetch(`${first.baseUrl}/providers`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
              body: JSON.stringify({ id, name: `Provider ${id}`, pue: 1.2, pueSource: 'shutdown test' }),
            });
            status = response.status;
            text = await response.text();
          } catch (error) {
            // Connection refused or closed: the server is gone. Nothing was acknowledged.
            if (signalled) return;
            throw new Error(`write ${id} failed before the signal`, { cause: error });
          }
          if (status === 201) {
            log.acknowledged.push(id);
            if (signalled) log.acknowledgedAfterSignal += 1;
          } else if (status === 503 && signalled) {
            // Refused while closing, not accepted: the client would retry on another instance.
            log.refused += 1;
          } else {
            throw new Error(`write ${id}: HTTP ${status}: ${text}`);
          }
          if (first.child.exitCode !== null) return;
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, index) => writer(index));
      let failure: unknown;
      writers.forEach((writing) => writing.catch((error: unknown) => (failure ??= error)));
      while (log.acknowledged.length < 60 && failure === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (failure !== undefined) throw failure;
      signalled = true;
      const exit = first.stop();
      await Promise.all(writers);
      expect(await exit).toBe(0);
    } finally {
      if (first.child.exitCode === null) await first.stop();
    }
    expect(first.output()).toContain('SIGTERM received');
    expect(first.output()).toContain('Requests finished and background work stopped');
    expect(first.output()).toContain('Stopped (SIGTERM)');

    const second = await spawnApp(env);
    try {
      await waitFor200(`${second.baseUrl}/health/ready`, 30000, second.child);
      const providers = (await (await fetch(`${second.baseUrl}/providers`)).json()) as { id: string }[];
      const stored = new Set(providers.map((provider) => provider.id));
      const lost = log.acknowledged.filter((id) => !stored.has(id));
      expect(log.acknowledged.length).toBeGreaterThanOrEqual(60);
      expect(lost).toEqual([]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    // Shown with --verbose: how the shutdown went for the writers.
    console.log(
      `acknowledged ${log.acknowledged.length} writes (${log.acknowledgedAfterSignal} after SIGTERM), refused ${log.refused} while closing`,
    );
  });
});
