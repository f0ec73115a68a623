// Origin-health benchmark (issue 17: "probing and sample ingestion stay off the request path"):
// warm GET /video/{id} with the origin prober probing every second, against the same app with
// nothing to probe, and both against the bare node:http baseline answering the same 302, in one
// run. Method and figures: docs/BENCHMARKS.md#origin-health.
//
//   npm run build && node bench/origin-health.js [--connections 50] [--duration 8] [--rounds 5] [--warmup 2] [--json]
//
// One app process (fresh embedded PostgreSQL, fake Electricity Maps so that the ranking is live,
// ORIGIN_PROBE_INTERVAL_MS=1000), a delivery service of three origins, each a fake origin server
// on 127.0.0.1 that answers its health URL with 200 and counts the probes. "Probes on": the origins
// have a health URL, so the leader (this single instance) probes all three every second and every
// instance re-reads the shared health state; "probes off": the same origins without one (PATCH
// healthUrl null), so there is nothing to probe. The same process serves both, so that the
// comparison is not between two processes' luck. Each round measures on and off (their order
// alternating between rounds) and the baseline; for each run the req/s and the app's CPU time per
// request (its process, from /proc; and its PostgreSQL's) are kept. Figures: medians over rounds,
// the ratio of medians, and each round's paired on/off ratio.
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app.js';
import { startBaseline } from './lib/baseline.js';
import { cpuSeconds, descendantsCpuSeconds, spentBetween } from './lib/cpu.js';
import { runLoad } from './lib/load.js';
import { median } from './lib/report.js';
import { startFakeElectricityMaps, waitForLiveIntensity } from './scenarios.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');
const HOST = '127.0.0.1';
const ADMIN_KEY = 'bench-admin-key-0123456789';
const ORIGINS = [
  { id: 'paris', region: 'aws:eu-west-3' },
  { id: 'frankfurt', region: 'aws:eu-central-1' },
  { id: 'madrid', region: 'aws:eu-south-2' },
];

const { values: options } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    // The decision as JSON (dryRun=true) instead of the 302.
    json: { type: 'boolean', default: false },
  },
});
const connections = Number(options.connections);
const duration = Number(options.duration);
const rounds = Number(options.rounds);
const warmup = Number(options.warmup);
const PATH = `/video/abc?service=vod&viewerCountry=FR&sessionId=bench-session-1&path=master.m3u8${options.json ? '&dryRun=true' : ''}`;
const REQUEST = { method: 'GET', path: PATH, headers: {}, body: undefined };

// -------------------------------------------------------------------------------------------------
// HOOK (issue 17, sample ingestion): a concurrent load of POST /latency-samples during the "on"
// runs, so that the figure covers "probing AND sample ingestion stay off the request path".
// POST /latency-samples does not exist on this branch yet. Once it does: make this start a
// modest, steady stream of sample batches against `baseUrl` (e.g. a second autocannon instance,
// 2 connections, `{"samples":[…]}` bodies, with the provider key added to the app's env below) and
// return a function that stops it and resolves with the number of batches accepted; the runs
// report that count next to the probe count. Returning undefined means "no concurrent load".
// -------------------------------------------------------------------------------------------------
async function startConcurrentSampleIngestion(_baseUrl) {
  return undefined;
}

/** Fake origin servers on 127.0.0.1: each answers its health URL (and anything else) with 200. */
async function startFakeOrigins() {
  const origins = [];
  for (const origin of ORIGINS) {
    const state = { ...origin, probes: 0 };
    state.server = http.createServer((request, response) => {
      if (request.url === '/healthz') state.probes++;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise((resolve) => state.server.listen(0, HOST, resolve));
    state.baseUrl = `http://${HOST}:${state.server.address().port}`;
    origins.push(state);
  }
  return origins;
}

async function call(baseUrl, method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** One measured run (after its warm-up): req/s, and the app's CPU per request when `pid` is given. */
async function measure(baseUrl, expectedStatus, pid) {
  if (warmup > 0)
    await runLoad({ baseUrl, request: REQUEST, connections, durationSeconds: warmup, expectedStatus });
  const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
  const postgresBefore = pid === undefined ? new Map() : descendantsCpuSeconds(pid);
  const summary = await runLoad({
    baseUrl,
    request: REQUEST,
    connections,
    durationSeconds: duration,
    expectedStatus,
  });
  if (summary.non2xx > 0 || summary.errors > 0)
    throw new Error(`${summary.non2xx} unexpected answers, ${summary.errors} errors`);
  if (pid === undefined) return { reqPerSec: summary.reqPerSec };
  return {
    reqPerSec: summary.reqPerSec,
    cpuMicroseconds: ((cpuSeconds(pid) - cpuBefore) / summary.requests) * 1e6,
    postgresMicroseconds: (spentBetween(postgresBefore, descendantsCpuSeconds(pid)) / summary.requests) * 1e6,
  };
}

await mkdir(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const loadAverage = os.loadavg();
const origins = await startFakeOrigins();
const electricityMaps = await startFakeElectricityMaps();
const app = new AppProcess({
  repoRoot: REPO_ROOT,
  command: process.env.BENCH_APP_COMMAND?.trim() || undefined,
  env: {
    ...electricityMaps.env,
    ADMIN_API_KEYS: ADMIN_KEY,
    ORIGIN_PROBE_INTERVAL_MS: '1000',
    RATE_LIMIT_PER_MINUTE: '0',
  },
  logFile: join(RESULTS_DIR, `origin-health-${stamp}.app.log`),
});
let baseline;
try {
  await app.start();
  await app.waitUntilReady({ timeoutMs: 90_000, intervalMs: 250, onProgress: () => undefined });
  await call(app.baseUrl, 'POST', '/services', { id: 'vod', name: 'Bench' });
  for (const origin of origins) {
    await call(app.baseUrl, 'POST', '/services/vod/origins', {
      id: origin.id,
      region: origin.region,
      urlTemplate: `${origin.baseUrl}/vod/{videoId}/{path}`,
    });
  }
  await waitForLiveIntensity(app.baseUrl, 'FR');
  const setProbes = async (on) => {
    for (const origin of origins) {
      await call(app.baseUrl, 'PATCH', `/services/vod/origins/${origin.id}`, {
        healthUrl: on ? `${origin.baseUrl}/healthz` : null,
      });
    }
  };
  const first = await fetch(app.baseUrl + PATH, { redirect: 'manual' });
  const body = await first.text();
  const location = first.headers.get('location');
  const expectedStatus = options.json ? 200 : 302;
  if (first.status !== expectedStatus) throw new Error(`GET ${PATH} answered ${first.status}: ${body}`);
  baseline = await startBaseline(
    options.json
      ? { json: body, host: HOST }
      : {
          json: '',
          host: HOST,
          redirect: { status: 302, location, cacheControl: first.headers.get('cache-control') },
        },
  );
  // The first seconds of a fresh process are JIT and cold caches: not measured.
  await runLoad({ baseUrl: app.baseUrl, request: REQUEST, connections, durationSeconds: 5, expectedStatus });
  const pid = app.child.pid;
  const runs = { on: [], off: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const mode of order) {
      await setProbes(mode === 'on');
      const stopIngestion = mode === 'on' ? await startConcurrentSampleIngestion(app.baseUrl) : undefined;
      const probesBefore = origins.reduce((sum, origin) => sum + origin.probes, 0);
      const run = await measure(app.baseUrl, expectedStatus, pid);
      run.probes = origins.reduce((sum, origin) => sum + origin.probes, 0) - probesBefore;
      if (stopIngestion) run.sampleBatches = await stopIngestion();
      runs[mode].push(run);
      console.log(
        `round ${round + 1} probes ${mode.padEnd(3)}: ${Math.round(run.reqPerSec)} req/s, ${run.cpuMicroseconds.toFixed(1)} µs CPU/request (PostgreSQL ${run.postgresMicroseconds.toFixed(1)}), ${run.probes} probes answered`,
      );
    }
    runs.baseline.push(await measure(baseline.url, expectedStatus));
    console.log(`round ${round + 1} baseline : ${Math.round(runs.baseline.at(-1).reqPerSec)} req/s`);
  }
  const of = (list, key) => median(list.map((run) => run[key]));
  const on = of(runs.on, 'reqPerSec');
  const off = of(runs.off, 'reqPerSec');
  const base = of(runs.baseline, 'reqPerSec');
  const cpuOn = of(runs.on, 'cpuMicroseconds');
  const cpuOff = of(runs.off, 'cpuMicroseconds');
  const pairedOnOff = runs.on.map((run, index) => run.reqPerSec / runs.off[index].reqPerSec);
  const result = {
    date: new Date().toISOString(),
    loadAverageBefore: loadAverage,
    loadAverageAfter: os.loadavg(),
    path: PATH,
    connections,
    duration,
    rounds,
    warmup,
    medians: {
      probesOn: on,
      probesOff: off,
      baseline: base,
      cpuMicrosecondsOn: cpuOn,
      cpuMicrosecondsOff: cpuOff,
      postgresMicrosecondsOn: of(runs.on, 'postgresMicroseconds'),
      postgresMicrosecondsOff: of(runs.off, 'postgresMicroseconds'),
    },
    ratios: {
      onOverOff: on / off,
      onOverBaseline: on / base,
      offOverBaseline: off / base,
      cpuOnOverOff: cpuOn / cpuOff,
      pairedOnOverOff: pairedOnOff,
      medianPairedOnOverOff: median(pairedOnOff),
    },
    runs,
  };
  console.log(
    `median req/s: probes on ${Math.round(on)}, off ${Math.round(off)}, baseline ${Math.round(base)}; ` +
      `on/off ${(on / off).toFixed(3)} (paired rounds ${pairedOnOff.map((ratio) => ratio.toFixed(2)).join(' ')}), ` +
      `on/baseline ${(on / base).toFixed(2)}, off/baseline ${(off / base).toFixed(2)}`,
  );
  console.log(
    `median CPU per request: probes on ${cpuOn.toFixed(1)} µs, off ${cpuOff.toFixed(1)} µs (on/off ${(cpuOn / cpuOff).toFixed(3)}); ` +
      `load average before ${loadAverage.map((value) => value.toFixed(1)).join(' ')}, after ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
  );
  await writeFile(join(RESULTS_DIR, `origin-health-${stamp}.json`), JSON.stringify(result, null, 2));
} finally {
  await baseline?.stop();
  await app.stop();
  await electricityMaps.cleanup();
  for (const origin of origins) origin.server.close();
}
