// Consumption benchmarks (issue 6): ingestion through POST /consumption, GET /stats latency with
// many views loaded, and the memory of a large CSV export. Method and figures: docs/BENCHMARKS.md.
//
//   node bench/consumption.js ingest [--batch 1000] [--connections 4] [--duration 10] [--rounds 3] [--warmup 3]
//   node bench/consumption.js stats  (--views N | --data-dir DIR) [--connections 10] [--duration 10] [--rounds 3]
//   node bench/consumption.js csv    (--views N | --data-dir DIR) [--limit N]
//   node bench/consumption.js stats-while-ingesting [--duration 10] [--connections 4] [--batch 1000]
//
// `ingest` and `stats` compare the app with the bare node:http baseline of bench/lib (same run,
// same autocannon settings, alternating order). `--views N` loads N synthetic views into a fresh
// embedded PostgreSQL (npm run seed:views) that is removed afterwards; `--data-dir` reuses a
// cluster loaded before (e.g. 10 million views) and keeps it. BENCH_APP_COMMAND replaces
// `node dist/src/main.js` as in bench/run.js (e.g. to take a CPU profile of the app).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { AppProcess } from './lib/app.js';
import { startBaseline } from './lib/baseline.js';
import { batchTemplate } from './lib/views-batch.js';
import { median } from './lib/report.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');
const HOST = '127.0.0.1';
const PROVIDER_KEY = 'bench-provider-key-0123456789';
const ANALYST_KEY = 'bench-analyst-key-0123456789';
const DAY = 86_400_000;

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string', default: '1000' },
    connections: { type: 'string' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    views: { type: 'string' },
    'data-dir': { type: 'string' },
    limit: { type: 'string' },
  },
});
const mode = positionals[0];
const int = (name) => Number.parseInt(options[name], 10);

function log(message) {
  console.log(`[bench:${mode}] ${message}`);
}

async function startApp(env) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const logFile = join(
    RESULTS_DIR,
    `consumption-${mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.app.log`,
  );
  const app = new AppProcess({
    repoRoot: REPO_ROOT,
    command: process.env.BENCH_APP_COMMAND,
    env: { PROVIDER_API_KEYS: PROVIDER_KEY, ANALYST_API_KEYS: ANALYST_KEY, ...env },
    logFile,
  });
  process.once('exit', () => app.killNow());
  await app.start();
  await app.waitUntilReady({ timeoutMs: 120_000, intervalMs: 250, onProgress: () => undefined });
  log(`app ready (log: ${logFile})`);
  return app;
}

/** Runs autocannon; `body` (a function) gives each request its own body. */
async function load({ url, method, path, headers, body, connections, duration }) {
  const result = await autocannon({
    url,
    connections,
    pipelining: 1,
    duration,
    requests: [
      {
        method,
        path,
        headers,
        ...(body ? { setupRequest: (request) => ({ ...request, body: body() }) } : {}),
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Alternates app and baseline each round (app first on odd rounds), after a warm-up each. */
async function compare(targets, request) {
  const rounds = [];
  for (let round = 0; round < int('rounds'); round++) {
    const order = round % 2 === 0 ? ['app', 'baseline'] : ['baseline', 'app'];
    const results = {};
    for (const name of order) {
      if (int('warmup') > 0) await load({ ...request, url: targets[name], duration: int('warmup') });
      results[name] = await load({ ...request, url: targets[name], duration: int('duration') });
      const r = results[name];
      log(
        `round ${round + 1} ${name}: ${r.reqPerSec.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    rounds.push(results);
  }
  const ratios = rounds.map((r) => r.app.reqPerSec / r.baseline.reqPerSec);
  const summary = (name) => ({
    reqPerSec: median(rounds.map((r) => r[name].reqPerSec)),
    p50: median(rounds.map((r) => r[name].p50)),
    p99: median(rounds.map((r) => r[name].p99)),
    non2xx: rounds.reduce((sum, r) => sum + r[name].non2xx, 0),
  });
  return { app: summary('app'), baseline: summary('baseline'), ratio: median(ratios), ratios };
}

async function getJson(url, headers) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function ingest() {
  const batch = int('batch');
  const parts = batchTemplate(batch);
  let counter = 0;
  const app = await startApp({});
  const baseline = await startBaseline({
    json: JSON.stringify({ accepted: batch, duplicates: 0 }),
    host: HOST,
  });
  try {
    // Check the regions exist in this catalogue: one batch must be accepted whole.
    const probe = await fetch(`${app.baseUrl}/consumption`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
      body: parts.join(`probe`),
    });
    const probeBody = await probe.json();
    if (probe.status !== 201 || probeBody.accepted !== batch)
      throw new Error(`probe: ${JSON.stringify(probeBody)}`);
    const result = await compare(
      { app: app.baseUrl, baseline: baseline.url },
      {
        method: 'POST',
        path: '/consumption',
        headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
        body: () => parts.join(`r${counter++}`),
        connections: int('connections') || 4,
      },
    );
    // Every 201 stored a whole batch: the views in the database are (201 answers + probe) × batch.
    const stats = await getJson(`${app.baseUrl}/stats?groupBy=month`, {
      authorization: `Bearer ${ANALYST_KEY}`,
    });
    log(`views stored: ${stats.totals.views} (${counter} batch bodies built, probe included: ${batch})`);
    log(
      `MEDIAN app ${result.app.reqPerSec.toFixed(1)} req/s = ${Math.round(result.app.reqPerSec * batch)} views/s ` +
        `(p50 ${result.app.p50} ms, p99 ${result.app.p99} ms, non-2xx ${result.app.non2xx}); ` +
        `baseline ${result.baseline.reqPerSec.toFixed(1)} req/s = ${Math.round(result.baseline.reqPerSec * batch)} views/s; ` +
        `ratio ${result.ratio.toFixed(2)} (rounds ${result.ratios.map((r) => r.toFixed(2)).join(', ')})`,
    );
  } finally {
    await baseline.stop();
    await app.stop();
  }
}

/** A database with views: a cluster loaded before (--data-dir), or a fresh one with --views N. */
async function openViewsDatabase() {
  const { startEmbeddedPostgres } = await import(
    new URL('../dist/src/platform/database/embedded-postgres.js', import.meta.url).href
  );
  const keep = options['data-dir'] !== undefined;
  const dataDir = options['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'greenstream-bench-views-')));
  if (!keep) {
    const views = int('views');
    if (!(views > 0)) throw new Error('give --views N or --data-dir DIR');
    log(`loading ${views} views into ${dataDir}`);
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['dist/src/cli/seed-views.js', '--count', String(views)], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`seed:views exited with ${code}`)),
      );
    });
  }
  const database = await startEmbeddedPostgres({ dataDir });
  return {
    url: database.url,
    async close() {
      await database.stop();
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stats() {
  const database = await openViewsDatabase();
  const app = await startApp({ DATABASE_URL: database.url });
  try {
    const today = Math.floor(Date.now() / DAY) * DAY;
    const from = new Date(today - 29 * DAY).toISOString().slice(0, 10);
    const to = new Date(today + DAY).toISOString().slice(0, 10);
    const path = `/stats?from=${from}&to=${to}&groupBy=viewerCountry`;
    const headers = { authorization: `Bearer ${ANALYST_KEY}` };
    const body = await getJson(app.baseUrl + path, headers);
    const all = await getJson(`${app.baseUrl}/stats?from=2020-01-01&to=${to}`, headers);
    log(
      `${path}: ${body.groups.length} countries, ${body.totals.views} views in the month, ${all.totals.views} in all`,
    );
    const baseline = await startBaseline({ json: JSON.stringify(body), host: HOST });
    try {
      const result = await compare(
        { app: app.baseUrl, baseline: baseline.url },
        { method: 'GET', path, headers, connections: int('connections') || 10 },
      );
      log(
        `MEDIAN app ${result.app.reqPerSec.toFixed(0)} req/s, p50 ${result.app.p50} ms, p99 ${result.app.p99} ms; ` +
          `baseline ${result.baseline.reqPerSec.toFixed(0)} req/s, p50 ${result.baseline.p50} ms; ` +
          `ratio ${result.ratio.toFixed(2)} (rounds ${result.ratios.map((r) => r.toFixed(2)).join(', ')})`,
      );
    } finally {
      await baseline.stop();
    }
  } finally {
    await app.stop();
    await database.close();
  }
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function csv() {
  const database = await openViewsDatabase();
  const app = await startApp({ DATABASE_URL: database.url });
  const pid = app.child.pid;
  try {
    const before = rssOf(pid);
    log(
      `app RSS before the export: ${before.rssMb.toFixed(0)} MB (peak so far ${before.hwmMb.toFixed(0)} MB)`,
    );
    const samples = [];
    const sampler = setInterval(() => samples.push(rssOf(pid).rssMb), 100);
    const started = Date.now();
    const limit = options.limit ? `?limit=${options.limit}` : '';
    const { rows, bytes } = await new Promise((resolve, reject) => {
      const request = httpRequest(
        `${app.baseUrl}/consumption${limit}`,
        { headers: { authorization: `Bearer ${ANALYST_KEY}`, accept: 'text/csv' } },
        (response) => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
          let lines = 0;
          let size = 0;
          response.on('data', (chunk) => {
            size += chunk.length;
            for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
          });
          response.on('end', () => resolve({ rows: lines - 1, bytes: size }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const after = rssOf(pid);
    const quarter = Math.floor(samples.length / 4);
    log(
      `exported ${rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`,
    );
    log(
      `app RSS during the export: min ${Math.min(...samples).toFixed(0)} MB, max ${Math.max(...samples).toFixed(0)} MB, ` +
        `median of first quarter ${median(samples.slice(0, quarter)).toFixed(0)} MB, of last quarter ${median(samples.slice(-quarter)).toFixed(0)} MB; ` +
        `peak RSS of the process (VmHWM) ${after.hwmMb.toFixed(0)} MB; after ${after.rssMb.toFixed(0)} MB`,
    );
  } finally {
    await app.stop();
    await database.close();
  }
}

/** Latencies of `path`, one request at a time (50 ms apart) for `ms`: what an analyst sees. */
async function sampleLatency(url, headers, ms) {
  const samples = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.text();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))].toFixed(1);
  return `n=${samples.length}, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
}

/**
 * GET /stats while POST /consumption runs at full rate (4 connections of 1,000-view batches): the
 * rollup deltas pending between two compactions are scanned by every /stats. Compared in the same
 * run with /stats on the idle app, and with GET /health/live under the same load (a route that
 * does no SQL: the share of the latency that is only the 2 cores being busy).
 */
async function statsWhileIngesting() {
  const app = await startApp({});
  const headers = { authorization: `Bearer ${ANALYST_KEY}` };
  const statsUrl = `${app.baseUrl}/stats?groupBy=viewerCountry`;
  const ms = int('duration') * 1000;
  const parts = batchTemplate(int('batch'));
  let counter = 0;
  const ingesting = (duration) =>
    load({
      url: app.baseUrl,
      method: 'POST',
      path: '/consumption',
      headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
      body: () => parts.join(`r${counter++}`),
      connections: int('connections') || 4,
      duration,
    });
  try {
    await ingesting(int('warmup') || 2);
    log(`/stats, app idle: ${await sampleLatency(statsUrl, headers, ms)}`);
    const during = ingesting(int('duration') + 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const statsLatency = await sampleLatency(statsUrl, headers, ms / 2);
    const liveLatency = await sampleLatency(`${app.baseUrl}/health/live`, {}, ms / 2);
    const ingested = await during;
    log(
      `while ingesting ${Math.round(ingested.reqPerSec * int('batch'))} views/s (non-2xx ${ingested.non2xx}): ` +
        `/stats ${statsLatency}; /health/live ${liveLatency}`,
    );
  } finally {
    await app.stop();
  }
}

const modes = { ingest, stats, csv, 'stats-while-ingesting': statsWhileIngesting };
if (!modes[mode]) {
  console.error(
    'Usage: node bench/consumption.js ingest|stats|csv|stats-while-ingesting [options] (see the header of this file)',
  );
  process.exit(2);
}
await modes[mode]();
