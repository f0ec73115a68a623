// Memory under distinct queries: RSS of the app before and after N distinct, long, valid queries
// (GET /recommend with a 1.4 KB provider list and GET /footprint, each with its own duration),
// and after an idle pause. Every cache is bounded in bytes (docs/OPERATIONS.md#limits), so RSS
// must end within 100 MB of where it started (exit 1 otherwise, or on any non-2xx answer).
// Linux only (/proc).
//
//   npm run build && node bench/distinct-queries-rss.js [--queries 25000] [--connections 8] [--idle 30]
//
// BENCH_APP_COMMAND replaces `node dist/src/main.js` as in bench/run.js.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app.js';

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ALLOWED_GROWTH_MB = 100;

const { values: options } = parseArgs({
  options: {
    queries: { type: 'string', default: '25000' },
    connections: { type: 'string', default: '8' },
    idle: { type: 'string', default: '30' },
  },
});

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

const PROVIDERS = Array.from({ length: 100 }, () => 'aws,gcp,azure').join(',');

/** The i-th query: distinct (its duration), long and valid. */
function queryOf(index) {
  const duration = (1 + (index % 1400) + index / 1e6).toFixed(6);
  return index % 2 === 0
    ? `/recommend?durationMinutes=${duration}&viewerCountry=FR&resolution=1080p&providers=${PROVIDERS}`
    : `/footprint?durationMinutes=${duration}&viewerCountry=FR&resolution=1080p&device=laptop&connection=wifi&model=1byte&startAt=2026-11-22T20:00:00Z&region=aws:eu-west-3`;
}

function get(baseUrl, agent, path) {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

await mkdir(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'greenstream-bench-rss-'));
const app = new AppProcess({
  repoRoot: REPO_ROOT,
  command: process.env.BENCH_APP_COMMAND,
  env: { LOG_LEVEL: 'warn', DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' },
  logFile: join(REPO_ROOT, 'bench', 'results', 'distinct-queries-rss.app.log'),
});
process.once('exit', () => app.killNow());
let exitCode = 0;
try {
  await app.start();
  await app.waitUntilReady({ timeoutMs: 120_000, intervalMs: 250, onProgress: () => undefined });
  const agent = new Agent({ keepAlive: true, maxSockets: Number(options.connections) });
  // Warm-up: the same 200 queries as the run's first, JIT and pool.
  for (let index = 0; index < 200; index += 1) await get(app.baseUrl, agent, queryOf(index));
  const pid = app.child.pid;
  const startMb = rssMb(pid);
  const queries = Number(options.queries);
  let next = 0;
  let non2xx = 0;
  let peakMb = startMb;
  const started = performance.now();
  const worker = async () => {
    while (next < queries) {
      const status = await get(app.baseUrl, agent, queryOf(next++));
      if (status < 200 || status >= 300) non2xx += 1;
      if (next % 1000 === 0) peakMb = Math.max(peakMb, rssMb(pid));
    }
  };
  await Promise.all(Array.from({ length: Number(options.connections) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const endMb = rssMb(pid);
  await new Promise((resolve) => setTimeout(resolve, Number(options.idle) * 1000));
  const idleMb = rssMb(pid);
  agent.destroy();
  const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const cacheBytes = metrics
    .split('\n')
    .filter((line) => line.startsWith('greenstream_cache_bytes{'))
    .map((line) => line.replace('greenstream_cache_bytes', ''))
    .join(' ');
  console.log(
    `[bench:distinct-queries-rss] ${queries} distinct queries (mean length ${Math.round(
      (queryOf(0).length + queryOf(1).length) / 2,
    )} chars) in ${seconds.toFixed(1)} s; non-2xx ${non2xx}; RSS MB: start ${startMb.toFixed(0)}, ` +
      `peak ${peakMb.toFixed(0)}, end ${endMb.toFixed(0)} (+${(endMb - startMb).toFixed(0)}), ` +
      `after ${options.idle} s idle ${idleMb.toFixed(0)}; cache bytes ${cacheBytes}`,
  );
  if (non2xx > 0 || endMb - startMb > ALLOWED_GROWTH_MB) exitCode = 1;
} finally {
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
