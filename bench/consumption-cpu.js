// CPU time per POST /consumption batch of the app process and of PostgreSQL (all processes of the
// `postgres` user: run nothing else on that cluster meanwhile), and the throughput of the same run.
// CPU seconds move less than throughput with the machine's other load, so this separates where a
// change saves work from how busy the machine was. Linux only (/proc).
//
//   npm run build && node bench/consumption-cpu.js [--batches 300] [--connections 4] [--batch 1000]
//
// BENCH_APP_COMMAND replaces `node dist/src/main.js` as in bench/run.js.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { AppProcess } from './lib/app.js';
import { cpuSeconds } from './lib/cpu.js';
import { batchTemplate } from './lib/views-batch.js';

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PROVIDER_KEY = 'bench-provider-key-0123456789';

const { values: options } = parseArgs({
  options: {
    batches: { type: 'string', default: '300' },
    connections: { type: 'string', default: '4' },
    batch: { type: 'string', default: '1000' },
  },
});

function postgresCpuSeconds() {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    // no postgres process (pgrep exits 1)
  }
  return pids.filter(Boolean).reduce((sum, pid) => {
    try {
      return sum + cpuSeconds(pid);
    } catch {
      return sum; // ended meanwhile
    }
  }, 0);
}

const dataDir = await mkdtemp(join(tmpdir(), 'greenstream-bench-cpu-'));
const app = new AppProcess({
  repoRoot: REPO_ROOT,
  command: process.env.BENCH_APP_COMMAND,
  env: { PROVIDER_API_KEYS: PROVIDER_KEY, LOG_LEVEL: 'warn', DATA_DIR: dataDir },
  logFile: join(REPO_ROOT, 'bench', 'results', 'consumption-cpu.app.log'),
});
process.once('exit', () => app.killNow());
try {
  await app.start();
  await app.waitUntilReady({ timeoutMs: 120_000, intervalMs: 250, onProgress: () => undefined });
  const parts = batchTemplate(Number(options.batch));
  let counter = 0;
  const load = (amount) =>
    autocannon({
      url: app.baseUrl,
      connections: Number(options.connections),
      amount,
      requests: [
        {
          method: 'POST',
          path: '/consumption',
          headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: parts.join(`r${counter++}`) }),
        },
      ],
    });
  await load(60); // warm-up: JIT, pool, partitions
  const batches = Number(options.batches);
  const pid = app.child.pid;
  const app0 = cpuSeconds(pid);
  const pg0 = postgresCpuSeconds();
  const started = performance.now();
  const result = await load(batches);
  const seconds = (performance.now() - started) / 1000;
  const appMs = ((cpuSeconds(pid) - app0) * 1000) / batches;
  const pgMs = ((postgresCpuSeconds() - pg0) * 1000) / batches;
  console.log(
    `[bench:consumption-cpu] ${batches} batches of ${options.batch}: ` +
      `${Math.round((batches * Number(options.batch)) / seconds)} views/s; CPU per batch: app ${appMs.toFixed(1)} ms, ` +
      `PostgreSQL ${pgMs.toFixed(1)} ms; non-2xx ${result.non2xx}`,
  );
} finally {
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}
