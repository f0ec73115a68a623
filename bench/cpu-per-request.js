/**
 * CPU time the app process spends per request, for one scenario, optionally against another
 * checkout of the repository (e.g. the commit before a change) in alternating rounds.
 *
 *   node bench/cpu-per-request.js intensity --requests 100000 --rounds 3 --other /tmp/greenstream-base
 *   node bench/cpu-per-request.js video --rounds 5 --other-env STEERING_DECISION_LOG=false
 *
 * Throughput ratios (bench/run.js) move with whatever else runs on the machine; the CPU seconds
 * the app's own process consumes for a fixed number of requests (utime + stime from
 * /proc/<pid>/stat, Linux only) move much less, which makes small per-request costs (a hook, a
 * header) measurable on a shared machine. Both apps run at once on their own embedded PostgreSQL
 * (not counted in the figure); each round loads one, then the other. Each round also prints where
 * that CPU went: the app's main (JavaScript) thread, its other threads by name (V8's GC helpers
 * "V8 DefaultWorke", libuv's pool "libuv-worker"...), and its PostgreSQL (the processes it
 * started), in µs per request.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { AppProcess } from './lib/app.js';
import { firstPath, varyingPath } from './lib/load.js';
import { cpuSeconds, descendantsCpuSeconds, spentBetween, threadCpuSeconds } from './lib/cpu.js';
import { SCENARIOS } from './scenarios.js';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

function load(baseUrl, scenario, amount) {
  const body =
    scenario.body === undefined || typeof scenario.body === 'string'
      ? scenario.body
      : JSON.stringify(scenario.body);
  const headers = {
    ...(body !== undefined && typeof scenario.body !== 'string'
      ? { 'content-type': 'application/json' }
      : {}),
    ...(scenario.headers ?? {}),
  };
  return autocannon({
    ...varyingPath(scenario.path),
    url: `${baseUrl}${firstPath(scenario.path)}`,
    method: scenario.method,
    headers,
    body,
    connections: 50,
    amount,
  });
}

async function startTarget(label, repoRoot, scenario, extraEnv = {}) {
  const prepared = scenario.prepare ? ((await scenario.prepare()) ?? {}) : {};
  const app = new AppProcess({
    repoRoot,
    // BENCH_APP_COMMAND (e.g. with --cpu-prof or --trace-gc) starts this checkout's app only.
    command: label === 'this' ? process.env.BENCH_APP_COMMAND?.trim() || undefined : undefined,
    env: { ...(scenario.env ?? {}), ...(prepared.env ?? {}), ...extraEnv },
    logFile: join(tmpdir(), `cpu-per-request-${label}-${process.pid}.log`),
  });
  await app.start();
  await app.waitUntilReady({ timeoutMs: 90_000, intervalMs: 250, onProgress: () => undefined });
  if (scenario.setup) await scenario.setup(app.baseUrl, prepared);
  return { label, app, cleanup: prepared.cleanup, microseconds: [], postgres: [] };
}

const scenarioName = process.argv[2];
const scenario = SCENARIOS[scenarioName];
if (!scenario) {
  console.error(
    `usage: node bench/cpu-per-request.js <${Object.keys(SCENARIOS).join('|')}> [--requests N] [--rounds R] [--other <repo root>] [--other-env NAME=value,...]`,
  );
  process.exit(2);
}
const requests = Number(option('requests', '100000'));
const rounds = Number(option('rounds', '3'));
const otherEnv = option('other-env', undefined);
// Another checkout, or this one with other settings (e.g. STEERING_DECISION_LOG=false).
const other = option('other', otherEnv === undefined ? undefined : '.');

const targets = [await startTarget('this', resolve('.'), scenario)];
if (other) {
  const env = Object.fromEntries(
    (otherEnv ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  targets.push(await startTarget('other', resolve(other), scenario, env));
}
try {
  for (const target of targets) await load(target.app.baseUrl, scenario, Math.min(20_000, requests)); // warm-up
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const pid = target.app.child.pid;
      const before = cpuSeconds(pid);
      const threadsBefore = threadCpuSeconds(pid);
      const postgresBefore = descendantsCpuSeconds(pid);
      const result = await load(target.app.baseUrl, scenario, requests);
      const spent = cpuSeconds(pid) - before;
      const threadsAfter = threadCpuSeconds(pid);
      const postgres = (spentBetween(postgresBefore, descendantsCpuSeconds(pid)) / requests) * 1e6;
      const perRequest = (spent / requests) * 1e6;
      target.microseconds.push(perRequest);
      target.postgres.push(postgres);
      const split = Object.entries(threadsAfter)
        .map(([name, seconds]) => [name, ((seconds - (threadsBefore[name] ?? 0)) / requests) * 1e6])
        .filter(([, microseconds]) => microseconds >= 0.5)
        .sort((a, b) => b[1] - a[1])
        .map(([name, microseconds]) => `${name} ${microseconds.toFixed(1)}`)
        .join(', ');
      console.log(
        `round ${round}/${rounds}  ${target.label.padEnd(5)}  ${perRequest.toFixed(1)} µs CPU/request  (${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx})`,
      );
      console.log(`               threads: ${split}; PostgreSQL ${postgres.toFixed(1)} µs/request`);
    }
  }
  for (const target of targets) {
    const sorted = [...target.microseconds].sort((a, b) => a - b);
    console.log(
      `${target.label}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs CPU/request (${target.microseconds.map((value) => value.toFixed(1)).join(', ')})`,
    );
    const postgres = [...target.postgres].sort((a, b) => a - b);
    console.log(
      `${target.label}: PostgreSQL median ${postgres[Math.floor(postgres.length / 2)].toFixed(1)} µs CPU/request (${target.postgres.map((value) => value.toFixed(1)).join(', ')})`,
    );
  }
} finally {
  for (const target of targets) {
    await target.app.stop();
    await target.cleanup?.();
  }
}
