import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsumptionResultDto } from '../../src/consumption/http/consumption.dto.js';
import type { StatsDto } from '../../src/consumption/http/stats.dto.js';
import type { ProviderDto } from '../../src/regions/http/region.dto.js';
import { createProviderBody } from '../factories/provider.factory.js';
import { viewBody } from '../factories/view.factory.js';
import { spawnApp, waitFor200 } from '../support/app-process.js';

const ADMIN_KEY = 'shutdown-admin-key-0123456789';
const PROVIDER_KEY = 'shutdown-provider-key-0123456789';
const ANALYST_KEY = 'shutdown-analyst-key-0123456789';
const WRITERS = 6;
/** Views per POST /consumption in the consumption stream. */
const BATCH = 50;

interface WriteLog {
  acknowledged: string[];
  acknowledgedAfterSignal: number;
  refused: number;
}

/** One kind of write: how to send write number `id`, and how to read back what was stored. */
interface WriteKind {
  name: string;
  /** Sends one write; resolves with its status (rejects when the connection fails). */
  send(baseUrl: string, id: string): Promise<{ status: number; text: string }>;
  /** What a 2xx acknowledged, as ids to find again. */
  acknowledgedIds(id: string): string[];
  /** Ids stored, read through the API after the restart. */
  stored(baseUrl: string): Promise<Set<string>>;
  /** Status of an acknowledged write. */
  okStatus: number;
  /** Acknowledged ids to reach before the signal. */
  before: number;
}

const PROVIDERS: WriteKind = {
  name: 'admin catalogue writes (POST /providers)',
  okStatus: 201,
  before: 60,
  async send(baseUrl, id) {
    const response = await fetch(`${baseUrl}/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify(createProviderBody({ id, name: `Provider ${id}` })),
    });
    return { status: response.status, text: await response.text() };
  },
  acknowledgedIds: (id) => [id],
  async stored(baseUrl) {
    const providers = (await (await fetch(`${baseUrl}/providers`)).json()) as ProviderDto[];
    return new Set(providers.map((provider) => provider.id));
  },
};

const VIEWS: WriteKind = {
  name: `consumption batches of ${BATCH} views (POST /consumption)`,
  okStatus: 201,
  before: 60 * BATCH,
  async send(baseUrl, id) {
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    const views = Array.from({ length: BATCH }, (_, index) =>
      viewBody({
        clientId: `${id}-${index}`,
        videoId: `video-${index % 7}`,
        startedAt,
        durationMinutes: 10 + index,
        viewerCountry: index % 2 === 0 ? 'FR' : 'DE',
      }),
    );
    const response = await fetch(`${baseUrl}/consumption`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}` },
      body: JSON.stringify({ views }),
    });
    const text = await response.text();
    if (response.status === 201 && (JSON.parse(text) as ConsumptionResultDto).accepted !== BATCH) {
      return { status: 500, text: `not every view accepted: ${text}` };
    }
    return { status: response.status, text };
  },
  acknowledgedIds: (id) => Array.from({ length: BATCH }, (_, index) => `${id}-${index}`),
  async stored(baseUrl) {
    const response = await fetch(`${baseUrl}/consumption`, {
      headers: { authorization: `Bearer ${ANALYST_KEY}`, accept: 'text/csv' },
    });
    const lines = (await response.text()).trim().split('\r\n');
    const clientIdColumn = lines[0]!.split(',').indexOf('clientId');
    const stats = (await (
      await fetch(`${baseUrl}/stats?groupBy=month`, { headers: { authorization: `Bearer ${ANALYST_KEY}` } })
    ).json()) as StatsDto;
    // The rollups agree with the raw rows: no view stored without its rollup, or the reverse.
    expect(stats.totals.views).toBe(lines.length - 1);
    return new Set(lines.slice(1).map((line) => line.split(',')[clientIdColumn]!));
  },
};

/**
 * SIGTERM while writes stream in (the built service on its embedded PostgreSQL): every write
 * answered 2xx before or during the shutdown is still there after a restart on the same data.
 */
describe('graceful shutdown (e2e, built service)', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenstream-shutdown-'));
    await chmod(dataDir, 0o755);
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([PROVIDERS, VIEWS])(
    'loses none of the $name acknowledged when stopped by SIGTERM mid-stream, and exits 0',
    async (kind) => {
      const env = {
        DATA_DIR: dataDir,
        ADMIN_API_KEYS: ADMIN_KEY,
        PROVIDER_API_KEYS: PROVIDER_KEY,
        ANALYST_API_KEYS: ANALYST_KEY,
        // The lifecycle lines (signal received, drained, stopped) are logged at info.
        LOG_LEVEL: 'info',
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
              ({ status, text } = await kind.send(first.baseUrl, id));
            } catch (error) {
              // Connection refused or closed: the server is gone. Nothing was acknowledged.
              if (signalled) return;
              throw new Error(`write ${id} failed before the signal`, { cause: error });
            }
            if (status === kind.okStatus) {
              const ids = kind.acknowledgedIds(id);
              log.acknowledged.push(...ids);
              if (signalled) log.acknowledgedAfterSignal += ids.length;
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
        while (log.acknowledged.length < kind.before && failure === undefined) {
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
        const stored = await kind.stored(second.baseUrl);
        const lost = log.acknowledged.filter((id) => !stored.has(id));
        expect(log.acknowledged.length).toBeGreaterThanOrEqual(kind.before);
        expect(lost).toEqual([]);
      } finally {
        expect(await second.stop()).toBe(0);
      }
      // Shown with --verbose: how the shutdown went for the writers.
      console.log(
        `${kind.name}: acknowledged ${log.acknowledged.length} (${log.acknowledgedAfterSignal} after SIGTERM), refused ${log.refused} requests while closing`,
      );
    },
  );
});
