/**
 * Where the floor of the stack is, for a steering redirect (docs/BENCHMARKS.md#the-floor-of-the-stack).
 *
 *   node bench/floor.js                        # 3 rounds of 2 s warm-up + 5 s per target
 *   node bench/floor.js --rounds 5 --duration 8
 *
 * Four targets under the same load (autocannon, 50 connections, pipelining 1), in every round, in
 * an order that turns from round to round:
 *   - `baseline`: bench/run.js's baseline, a bare `node:http` server in a worker thread answering
 *     the 302 with Location and Cache-Control;
 *   - `bare + headers`: a bare `node:http` server in a process of its own answering the same 302
 *     with every header the app's answer carries (fresh ids per request);
 *   - `app /health/live`: the app's cheapest route, on the path the steering routes take (a direct
 *     route with the app's hooks, request id and security headers), no work of its own;
 *   - `app /video`: the `video-viewers` scenario (a steering decision per viewer, logged).
 * Each is reported as req/s, its ratio to the same round's baseline and, for the app, the CPU
 * time of its process per request (the app's and the bare server's). Medians over rounds.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app.js';
import { startBaseline } from './lib/baseline.js';
import { cpuSeconds } from './lib/cpu.js';
import { firstPath, runLoad } from './lib/load.js';
import { fileStamp, formatRatio, formatReqPerSec, median } from './lib/report.js';
import { SCENARIOS } from './scenarios.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
  },
});
const rounds = Number(options.rounds);
const durationSeconds = Number(options.duration);
const warmupSeconds = Number(options.warmup);
const connections = Number(options.connections);
for (const [name, value] of Object.entries({ rounds, durationSeconds, connections })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}

/** Headers whose value is new on every request of the app. */
const FRESH = ['x-request-id', 'x-decision-id'];
/** Set by node:http itself on every answer. */
const NODE_SETS = new Set(['date', 'connection', 'keep-alive', 'content-length']);

const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0)
    await cleanups
      .pop()()
      .catch(() => undefined);
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

async function startBareServer(headers) {
  const child = fork(join(BENCH_DIR, 'lib', 'bare-redirect-server.js'), [
    JSON.stringify({ headers, fresh: FRESH }),
  ]);
  cleanups.push(async () => child.kill());
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code}) before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

async function main() {
  const scenario = SCENARIOS['video-viewers'];
  const prepared = (await scenario.prepare?.()) ?? {};
  cleanups.push(async () => prepared.cleanup?.());
  const app = new AppProcess({
    repoRoot: join(BENCH_DIR, '..'),
    command: undefined,
    env: { ...scenario.env, ...(prepared.env ?? {}), RATE_LIMIT_PER_MINUTE: '0' },
    logFile: join(os.tmpdir(), `floor-app-${process.pid}.log`),
  });
  cleanups.push(() => app.stop());
  console.error('starting the app…');
  await app.start();
  await app.waitUntilReady({ timeoutMs: 90_000, intervalMs: 250, onProgress: () => undefined });
  await scenario.setup(app.baseUrl, prepared);

  const video = { method: 'GET', path: scenario.path, headers: {} };
  const answer = await fetch(app.baseUrl + firstPath(video.path), { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`GET /video answered ${answer.status}, not 302`);
  const headers = {};
  for (const [name, value] of answer.headers) if (!NODE_SETS.has(name)) headers[name] = value;
  const baseline = await startBaseline({
    json: '',
    host: '127.0.0.1',
    redirect: { status: 302, location: headers.location, cacheControl: headers['cache-control'] },
  });
  cleanups.push(() => baseline.stop());
  const bare = await startBareServer(headers);

  const targets = [
    { name: 'baseline', url: baseline.url, request: video, status: 302 },
    { name: 'bare + headers', url: bare.url, pid: bare.pid, request: video, status: 302 },
    {
      name: 'app /health/live',
      url: app.baseUrl,
      pid: app.child.pid,
      request: { method: 'GET', path: '/health/live', headers: {} },
      status: 200,
    },
    { name: 'app /video', url: app.baseUrl, pid: app.child.pid, request: video, status: 302 },
  ];
  const results = new Map(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Each round starts one target later, so that a drift does not always favour the same one.
    const order = targets.map((_, index) => targets[(index + round) % targets.length]);
    const measured = new Map();
    for (const target of order) {
      const load = {
        baseUrl: target.url,
        request: target.request,
        connections,
        expectedStatus: target.status,
      };
      if (warmupSeconds > 0) await runLoad({ ...load, durationSeconds: warmupSeconds });
      const before = target.pid === undefined ? 0 : cpuSeconds(target.pid);
      const run = await runLoad({ ...load, durationSeconds });
      if (run.non2xx > 0 || run.errors > 0) {
        throw new Error(`${target.name}: ${run.non2xx} unexpected statuses, ${run.errors} errors`);
      }
      const cpuUs =
        target.pid === undefined ? null : ((cpuSeconds(target.pid) - before) / run.requests) * 1e6;
      measured.set(target.name, { reqPerSec: run.reqPerSec, cpuUs });
    }
    const base = measured.get('baseline').reqPerSec;
    for (const target of targets) {
      const { reqPerSec, cpuUs } = measured.get(target.name);
      results.get(target.name).push({ reqPerSec, ratio: reqPerSec / base, cpuUs });
    }
    console.error(
      `round ${round + 1}/${rounds}: ` +
        targets
          .map((target) => `${target.name} ${Math.round(measured.get(target.name).reqPerSec)} req/s`)
          .join(', '),
    );
  }

  const rows = targets.map((target) => {
    const runs = results.get(target.name);
    const cpu = runs.map((run) => run.cpuUs).filter((value) => value !== null);
    return {
      target: target.name,
      reqPerSec: median(runs.map((run) => run.reqPerSec)),
      ratio: median(runs.map((run) => run.ratio)),
      ratios: runs.map((run) => run.ratio),
      cpuUsPerRequest: cpu.length > 0 ? median(cpu) : null,
    };
  });
  console.log('\n| target | req/s | ratio to baseline | per round | CPU µs/request of its process |');
  console.log('| --- | ---: | ---: | --- | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.target} | ${formatReqPerSec(row.reqPerSec)} | ${formatRatio(row.ratio)} | ` +
        `${row.ratios.map(formatRatio).join(' ')} | ${row.cpuUsPerRequest?.toFixed(1) ?? '–'} |`,
    );
  }
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', `floor-${fileStamp(new Date())}.json`);
  await writeFile(
    file,
    JSON.stringify(
      { startedAt: new Date().toISOString(), loadAverage: os.loadavg(), options, headers, rows },
      null,
      2,
    ),
  );
  console.log(`\nresult: ${file}`);
}

try {
  await main();
} finally {
  await cleanUp();
}
