// Measured-latency benchmark (issue 17): GET /video/{id} throughput while samples are ingested
// (POST /latency-samples, 100 samples every 100 ms: 1000 samples/s, plus the refresh every 2 s)
// against the same app with no ingestion, and both against the bare node:http baseline, in one
// run. Method and figures: docs/BENCHMARKS.md#measured-latency.
//
//   node bench/latency-samples.js [--connections 50] [--duration 10] [--rounds 3] [--warmup 3]
//
// One app process (fresh embedded PostgreSQL), a delivery service with three origins, measured
// round trips already in force for FR (so steering ranks with them in both modes). "Ingest on": a
// side client posts batches of samples for the whole measurement; "ingest off": it does not. Each
// round measures on, off and the baseline, the order of on and off alternating between rounds;
// the figures are medians over the rounds.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app.js';
import { startBaseline } from './lib/baseline.js';
import { runLoad } from './lib/load.js';
import { median } from './lib/report.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');
const HOST = '127.0.0.1';
const ADMIN_KEY = 'bench-admin-key-0123456789';
const PROVIDER_KEY = 'bench-provider-key-0123456789';
const PATH = '/video/abc?service=vod&viewerCountry=FR&dryRun=true';
const ORIGINS = [
  { id: 'paris', region: 'aws:eu-west-3' },
  { id: 'frankfurt', region: 'aws:eu-central-1' },
  { id: 'madrid', region: 'aws:eu-south-2' },
];

const { values: options } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
  },
});
const connections = Number(options.connections);
const duration = Number(options.duration);
const rounds = Number(options.rounds);
const warmup = Number(options.warmup);

async function call(baseUrl, method, path, body, key = ADMIN_KEY) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function measure(baseUrl) {
  const request = { method: 'GET', path: PATH, headers: {}, body: undefined };
  if (warmup > 0) await runLoad({ baseUrl, request, connections, durationSeconds: warmup });
  const summary = await runLoad({ baseUrl, request, connections, durationSeconds: duration });
  if (summary.non2xx > 0 || summary.errors > 0)
    throw new Error(`${summary.non2xx} non-2xx answers, ${summary.errors} errors`);
  return summary.reqPerSec;
}

let posted = 0;
function batch() {
  return {
    samples: Array.from({ length: 100 }, (_, index) => ({
      viewerCountry: 'FR',
      region: ORIGINS[index % ORIGINS.length].region,
      rttMs: 15 + (index % 15),
      throughputBps: 8_000_000,
    })),
  };
}

/** Posts a batch every 100 ms until stopped; resolves with the batches posted. */
function ingestUntil(baseUrl, signal) {
  return (async () => {
    let batches = 0;
    while (!signal.stopped) {
      const started = performance.now();
      await call(baseUrl, 'POST', '/latency-samples', batch(), PROVIDER_KEY);
      batches++;
      posted += 100;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (performance.now() - started))));
    }
    return batches;
  })();
}

await mkdir(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const app = new AppProcess({
  repoRoot: REPO_ROOT,
  command: process.env.BENCH_APP_COMMAND?.trim() || undefined,
  env: {
    ADMIN_API_KEYS: ADMIN_KEY,
    PROVIDER_API_KEYS: PROVIDER_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    LATENCY_MIN_SAMPLES: '5',
  },
  logFile: join(RESULTS_DIR, `latency-samples-${stamp}.app.log`),
});
let baseline;
try {
  await app.start();
  await app.waitUntilReady({ timeoutMs: 90_000, intervalMs: 250, onProgress: () => undefined });
  await call(app.baseUrl, 'POST', '/services', { id: 'vod', name: 'Bench' });
  for (const origin of ORIGINS) {
    await call(app.baseUrl, 'POST', '/services/vod/origins', {
      id: origin.id,
      region: origin.region,
      urlTemplate: `https://${origin.id}.cdn.test/{videoId}`,
    });
  }
  // Measured round trips in force before anything is measured (both modes rank with them).
  await call(app.baseUrl, 'POST', '/latency-samples', batch(), PROVIDER_KEY);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const json = await (await fetch(app.baseUrl + PATH)).text();
  baseline = await startBaseline({ json, host: HOST });
  // The first seconds of a fresh process are JIT and cold caches: not measured.
  await runLoad({
    baseUrl: app.baseUrl,
    request: { method: 'GET', path: PATH, headers: {}, body: undefined },
    connections,
    durationSeconds: 5,
  });
  const figures = { on: [], off: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const mode of order) {
      const signal = { stopped: mode === 'off' };
      const before = posted;
      const ingesting = mode === 'on' ? ingestUntil(app.baseUrl, signal) : Promise.resolve(0);
      figures[mode].push(await measure(app.baseUrl));
      signal.stopped = true;
      await ingesting;
      console.log(
        `round ${round + 1} ingest ${mode}: ${Math.round(figures[mode].at(-1))} req/s (${posted - before} samples posted)`,
      );
    }
    figures.baseline.push(await measure(baseline.url));
    console.log(`round ${round + 1} baseline: ${Math.round(figures.baseline.at(-1))} req/s`);
  }
  const on = median(figures.on);
  const off = median(figures.off);
  const base = median(figures.baseline);
  const result = {
    date: new Date().toISOString(),
    connections,
    duration,
    rounds,
    medians: { ingestOn: on, ingestOff: off, baseline: base },
    ratios: { onOverOff: on / off, onOverBaseline: on / base, offOverBaseline: off / base },
    runs: figures,
  };
  console.log(
    `median req/s: ingest on ${Math.round(on)}, ingest off ${Math.round(off)}, baseline ${Math.round(base)}; on/off ${(on / off).toFixed(3)}, on/baseline ${(on / base).toFixed(2)}, off/baseline ${(off / base).toFixed(2)}`,
  );
  await writeFile(join(RESULTS_DIR, `latency-samples-${stamp}.json`), JSON.stringify(result, null, 2));
} finally {
  await baseline?.stop();
  await app.stop();
}
