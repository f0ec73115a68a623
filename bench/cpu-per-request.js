/**
 * CPU time the app process spends per request, for one scenario, optionally against another
 * checkout of the repository (e.g. the commit before a change) in alternating rounds.
 *
 *   node bench/cpu-per-request.js intensity --requests 100000 --rounds 3 --other /tmp/greenstream-base
 *
 * Throughput ratios (bench/run.js) move with whatever else runs on the machine; the CPU seconds
 * the app's own process consumes for a fixed number of requests (utime + stime from
 * /proc/<pid>/stat, Linux only) move much less, which makes small per-request costs (a hook, a
 * header) measurable on a shared machine. Both apps run at once on their own embedded PostgreSQL
 * (not counted); each round loads one, then the other.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { AppProcess } from './lib/app.js';
import { cpuSeconds } from './lib/cpu.js';
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
    url: `${baseUrl}${scenario.path}`,
    method: scenario.method,
    headers,
    body,
    connections: 50,
    amount,
  });
}

async function startTarget(label, repoRoot, scenario) {
  const prepared = scenario.prepare ? ((await scenario.prepare()) ?? {}) : {};
  const app = new AppProcess({
    repoRoot,
    command: undefined,
    env: { ...(scenario.env ?? {}), ...(prepared.env ?? {}) },
    logFile: join(tmpdir(), `cpu-per-request-${label}-${process.pid}.log`),
  });
  await app.start();
  await app.waitUntilReady({ timeoutMs: 90_000, intervalMs: 250, onProgress: () => undefined });
  if (scenario.setup) await scenario.setup(app.baseUrl, prepared);
  return { label, app, cleanup: prepared.cleanup, microseconds: [] };
}

const scenarioName = process.argv[2];
const scenario = SCENARIOS[scenarioName];
if (!scenario) {
  console.error(
    `usage: node bench/cpu-per-request.js <${Object.keys(SCENARIOS).join('|')}> [--requests N] [--rounds R] [--other <repo root>]`,
  );
  process.exit(2);
}
const requests = Number(option('requests', '100000'));
const rounds = Number(option('rounds', '3'));
const other = option('other', undefined);

const targets = [await startTarget('this', resolve('.'), scenario)];
if (other) targets.push(await startTarget('other', resolve(other), scenario));
try {
  for (const target of targets) await load(target.app.baseUrl, scenario, Math.min(20_000, requests)); // warm-up
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const pid = target.app.child.pid;
      const before = cpuSeconds(pid);
      const result = await load(target.app.baseUrl, scenario, requests);
      const spent = cpuSeconds(pid) - before;
      const perRequest = (spent / requests) * 1e6;
      target.microseconds.push(perRequest);
      console.log(
        `round ${round}/${rounds}  ${target.label.padEnd(5)}  ${perRequest.toFixed(1)} µs CPU/request  (${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx})`,
      );
    }
  }
  for (const target of targets) {
    const sorted = [...target.microseconds].sort((a, b) => a - b);
    console.log(
      `${target.label}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs CPU/request (${target.microseconds.map((value) => value.toFixed(1)).join(', ')})`,
    );
  }
} finally {
  for (const target of targets) {
    await target.app.stop();
    await target.cleanup?.();
  }
}
