import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderDto, RegionPageDto } from '../../src/regions/http/region.dto.js';
import { createProviderBody } from '../factories/provider.factory.js';
import { spawnApp, waitFor200 } from '../support/app-process.js';

const ADMIN_KEY = 'start-command-admin-key-0123456789';

/**
 * The README's first command, as a user runs it: the built service with no DATABASE_URL starts
 * its own PostgreSQL, migrates, seeds and serves; its data survive a restart.
 */
describe('the start command (e2e, built service)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenstream-start-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to boot on a bad variable, naming it', async () => {
    const app = await spawnApp({ PORT: 'eighty', LOG_LEVEL: 'loud', DATA_DIR: dataDir });
    const [code] = await once(app.child, 'exit');
    expect(code).toBe(1);
    expect(app.output()).toContain('PORT must be an integer');
    expect(app.output()).toContain('LOG_LEVEL must be one of');
  });

  it('starts on an embedded database, is ready within 30 s, keeps data across a restart and never logs secrets', async () => {
    // debug: every request is logged (successes too), so the check for leaked secrets sees all of them.
    const env = { DATA_DIR: dataDir, ADMIN_API_KEYS: ADMIN_KEY, LOG_LEVEL: 'debug' };
    const first = await spawnApp(env);
    try {
      const readyMs = await waitFor200(`${first.baseUrl}/health/ready`, 30000, first.child);
      expect(readyMs).toBeLessThan(30000);
      const regions = (await (await fetch(`${first.baseUrl}/regions?provider=aws`)).json()) as RegionPageDto;
      expect(regions.total).toBe(36);
      const created = await fetch(`${first.baseUrl}/providers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify(createProviderBody({ id: 'scaleway', name: 'Scaleway' })),
      });
      expect(created.status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await spawnApp(env);
    try {
      await waitFor200(`${second.baseUrl}/health/ready`, 30000, second.child);
      const providers = (await (await fetch(`${second.baseUrl}/providers`)).json()) as ProviderDto[];
      expect(providers.map((provider) => provider.id)).toContain('scaleway');
    } finally {
      expect(await second.stop()).toBe(0);
    }

    const { password } = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as {
      password: string;
    };
    const logs = first.output() + second.output();
    expect(logs).toContain('request completed');
    expect(logs).not.toContain(ADMIN_KEY);
    expect(logs).not.toContain(password);
  });
});
