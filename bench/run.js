// GreenStream benchmark harness: the app against a bare node:http baseline, in the same run.
// Method and usage: bench/README.md.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app.js';
import { startBaseline } from './lib/baseline.js';
import { firstPath, runLoad } from './lib/load.js';
import {
  describeRun,
  fileStamp,
  formatDuration,
  formatMs,
  formatRatio,
  formatReqPerSec,
  markdownRow,
  medians,
  table,
} from './lib/report.js';
import { SCENARIOS } from './scenarios.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
const RESULTS_DIR = join(BENCH_DIR, 'results');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 90_000;
const READY_POLL_MS = 250;
const STOP_GRACE_MS = 15_000;

const USAGE = `Usage: node bench/run.js <scenario> [options]     (or: npm run bench -- <scenario> [options])
       node bench/run.js --list

Options:
  --connections <n>   concurrent connections (default 50)
  --duration <s>      measured seconds per run (default 10)
  --rounds <n>        rounds; each measures the app and the baseline once (default 3)
  --warmup <s>        unmeasured seconds before each measured run, 0 for none (default 3)
  --min-ratio <r>     exit 1 when the median ratio app/baseline req/s is below r
  --list              list the scenarios
  -h, --help          this help

Environment:
  LOG_LEVEL           passed to the app (default: unset, the app's default "info")
  BENCH_APP_COMMAND   shell command that starts the app instead of "node dist/src/main.js"
                      (run from the repository root; must listen on $PORT and $HOST)`;

class UsageError extends Error {}

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        connections: { type: 'string', default: '50' },
        duration: { type: 'string', default: '10' },
        rounds: { type: 'string', default: '3' },
        warmup: { type: 'string', default: '3' },
        'min-ratio': { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one scenario at a time (got ${positionals.join(', ')})`);
  return {
    scenario: positionals[0],
    list: values.list,
    help: values.help,
    connections: integerOption('connections', values.connections, 1),
    duration: integerOption('duration', values.duration, 1),
    rounds: integerOption('rounds', values.rounds, 1),
    warmup: integerOption('warmup', values.warmup, 0),
    minRatio: values['min-ratio'] === undefined ? undefined : ratioOption(values['min-ratio']),
  };
}

function integerOption(name, raw, min) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return value;
}

function ratioOption(raw) {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError('--min-ratio must be a positive number');
  return value;
}

function listScenarios() {
  const width = Math.max(...Object.keys(SCENARIOS).map((name) => name.length));
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    console.log(`${name.padEnd(width)}  ${scenario.description}`);
  }
}

/** The request as autocannon and fetch send it: a JSON body is encoded once, here. */
function requestOf(scenario) {
  const headers = { ...scenario.headers };
  let body;
  if (typeof scenario.body === 'string') {
    body = scenario.body;
  } else if (scenario.body !== undefined) {
    body = JSON.stringify(scenario.body);
    const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (!hasContentType) headers['content-type'] = 'application/json';
  }
  return { method: scenario.method.toUpperCase(), path: scenario.path, headers, body };
}

/**
 * Sends the scenario's request once, to check that it succeeds and to get the JSON body the
 * baseline will answer.
 */
async function captureResponse(baseUrl, request) {
  const response = await fetch(baseUrl + firstPath(request.path), {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
  });
  const text = await response.text();
  const what = `${request.method} ${request.path}`;
  // A redirect (GET /video/:id): the baseline answers the same status and Location.
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status <= 399 && location) {
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      json: '',
      redirect: { status: response.status, location, cacheControl: response.headers.get('cache-control') },
    };
  }
  if (response.status < 200 || response.status > 299) {
    throw new Error(
      `${what} answered ${response.status}, not 2xx: nothing to benchmark.\n${text.slice(0, 1000)}`,
    );
  }
  try {
    JSON.parse(text);
  } catch {
    throw new Error(
      `${what} did not answer JSON (content-type ${response.headers.get('content-type')}): ` +
        'the baseline can only replay a JSON body',
    );
  }
  return { status: response.status, contentType: response.headers.get('content-type'), json: text };
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryBytes: os.totalmem(),
    // Load before the run: a high value means something else was competing for the CPU.
    loadAverage: os.loadavg(),
  };
}

/** Read-only; null when there is no commit yet or git is missing. */
function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Clean-up: the app child, its data directory and the baseline must go whatever happens (error,
// Ctrl-C, failed check). Each resource registers a clean-up; they run once, newest first.

const cleanups = [];
let cleaning;
/** @type {AppProcess | undefined} */
let app;
const interruption = new AbortController();
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };
let signalExitCode = 0;

function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        console.error(`clean-up failed: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

function onSignal(signal) {
  if (interruption.signal.aborted) {
    // Second Ctrl-C: the user does not want to wait for a graceful shutdown.
    console.error('killing the app now');
    app?.killNow();
    process.exit(130);
  }
  console.error(`\n${signal}: stopping the app and the baseline… (Ctrl-C again to kill at once)`);
  signalExitCode = SIGNAL_EXIT_CODES[signal];
  // Stops a running autocannon within a second; the main flow then throws Interrupted.
  interruption.abort();
  // Also clean up from here, in case the main flow is stuck (e.g. in a scenario's set-up).
  cleanUp().finally(() => process.exit(signalExitCode));
}

class Interrupted extends Error {}

function throwIfInterrupted() {
  if (interruption.signal.aborted) throw new Interrupted('interrupted');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.list) {
    listScenarios();
    return 0;
  }
  if (!options.scenario) throw new UsageError('which scenario? (--list shows them)');
  const scenario = SCENARIOS[options.scenario];
  if (!scenario) throw new UsageError(`unknown scenario "${options.scenario}" (--list shows them)`);

  const command = process.env.BENCH_APP_COMMAND?.trim() || undefined;
  if (!command && !existsSync(join(REPO_ROOT, 'dist/src/main.js'))) {
    throw new Error('dist/src/main.js not found: run "npm run build" first (npm run bench does)');
  }

  const startedAt = new Date();
  const stamp = fileStamp(startedAt);
  await mkdir(RESULTS_DIR, { recursive: true });
  const logFile = join(RESULTS_DIR, `${options.scenario}-${stamp}.app.log`);
  const request = requestOf(scenario);
  const machine = machineInfo();

  console.log(`scenario ${options.scenario}: ${scenario.description}`);
  console.log(
    `machine: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, ` +
      `load average ${machine.loadAverage.map((load) => load.toFixed(2)).join(' ')}`,
  );
  console.log(
    `app: ${command ?? 'node dist/src/main.js'}, LOG_LEVEL=${process.env.LOG_LEVEL ?? '(unset: app default)'}`,
  );
  console.log(`app log: ${relative(process.cwd(), logFile)}`);
  if (process.env.DATABASE_URL)
    console.log('note: DATABASE_URL is set: the app uses that PostgreSQL, not an embedded one');
  if (process.env.ELECTRICITY_MAPS_API_TOKEN) {
    console.log('note: ELECTRICITY_MAPS_API_TOKEN is set: the app may call Electricity Maps during the run');
  }

  // 0. What the scenario needs before the app starts (e.g. a fake upstream), and its env.
  let prepared = {};
  if (scenario.prepare) {
    prepared = (await scenario.prepare()) ?? {};
    if (prepared.cleanup) cleanups.push(prepared.cleanup);
    throwIfInterrupted();
  }
  const appEnv = { ...(scenario.env ?? {}), ...(prepared.env ?? {}) };
  app = new AppProcess({ repoRoot: REPO_ROOT, command, env: appEnv, logFile });
  cleanups.push(() => app?.stop({ graceMs: STOP_GRACE_MS }));
  await app.start();

  // 1. Wait for the app (the first start creates the PostgreSQL cluster: several seconds).
  let lastProgress = 0;
  const readySeconds = await app.waitUntilReady({
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: READY_POLL_MS,
    onProgress: (elapsed, status) => {
      // Polls every 250 ms, reports about once a second.
      if (elapsed - lastProgress < 1) return;
      lastProgress = elapsed;
      console.log(`waiting for the app… ${elapsed.toFixed(1)} s (${status})`);
    },
  });
  throwIfInterrupted();
  console.log(`app ready after ${readySeconds.toFixed(1)} s on ${app.baseUrl}`);

  // 2. Scenario set-up, then the response the baseline will replay.
  if (scenario.setup) {
    await scenario.setup(app.baseUrl, prepared);
    throwIfInterrupted();
  }
  const captured = await captureResponse(app.baseUrl, request);
  const responseBytes = Buffer.byteLength(captured.json);
  console.log(
    captured.redirect
      ? `${request.method} ${request.path} → ${captured.status} to ${captured.redirect.location}`
      : `${request.method} ${request.path} → ${captured.status}, ${responseBytes} bytes of JSON (${captured.contentType})`,
  );

  // 3. The baseline.
  const baseline = await startBaseline({ json: captured.json, host: HOST, redirect: captured.redirect });
  cleanups.push(() => baseline.stop());
  const targets = { app: app.baseUrl, baseline: baseline.url };
  console.log(`baseline: bare node:http on ${baseline.url}`);

  // 4. Rounds.
  const perRunSeconds = options.warmup + options.duration;
  const totalSeconds = perRunSeconds * 2 * options.rounds;
  console.log(
    `${options.rounds} round(s) × (app + baseline) × (${options.warmup} s warm-up + ${options.duration} s measured), ` +
      `${options.connections} connections: about ${formatDuration(totalSeconds)}`,
  );
  const rounds = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Alternate the order (app first, then baseline first, ...). The machine is noisy and its
    // two cores are shared by the load generator and the server: whatever drifts during a run
    // (CPU frequency and temperature, other processes, the garbage collector, the page cache)
    // would otherwise always hit the same target in the same position.
    const order = round % 2 === 1 ? ['app', 'baseline'] : ['baseline', 'app'];
    const record = { round, order };
    for (const target of order) {
      const load = {
        baseUrl: targets[target],
        request,
        connections: options.connections,
        signal: interruption.signal,
        expectedStatus: captured.redirect?.status,
      };
      if (options.warmup > 0) {
        // Warm-up, discarded: JIT compilation, connection set-up, pools and caches filling.
        const warmup = await runLoad({ ...load, durationSeconds: options.warmup });
        throwIfInterrupted();
        if (warmup.non2xx > 0 || warmup.errors > 0) {
          console.log(
            `  warning: ${target} warm-up had ${warmup.non2xx} non-2xx and ${warmup.errors} errors`,
          );
        }
      }
      const summary = await runLoad({ ...load, durationSeconds: options.duration });
      throwIfInterrupted();
      record[target] = summary;
      console.log(`round ${round}/${options.rounds}  ${target.padEnd(8)}  ${describeRun(summary)}`);
    }
    record.ratio = record.app.reqPerSec / record.baseline.reqPerSec;
    rounds.push(record);
  }

  // 5. Report: medians over rounds (robust to one disturbed round, unlike the mean).
  const appMedians = medians(rounds.map((round) => round.app));
  const baselineMedians = medians(rounds.map((round) => round.baseline));
  const ratio = appMedians.reqPerSec / baselineMedians.reqPerSec;
  const roundRatios = rounds.map((round) => round.ratio);

  console.log('');
  console.log(
    table([
      ['median over rounds', 'req/s', 'p50 ms', 'p99 ms'],
      ['app', formatReqPerSec(appMedians.reqPerSec), formatMs(appMedians.p50), formatMs(appMedians.p99)],
      [
        'baseline (node:http)',
        formatReqPerSec(baselineMedians.reqPerSec),
        formatMs(baselineMedians.p50),
        formatMs(baselineMedians.p99),
      ],
    ]),
  );
  console.log(`ratio app/baseline (median req/s): ${formatRatio(ratio)}`);
  console.log(`ratio per round: ${roundRatios.map(formatRatio).join(', ')}`);

  const failures = [];
  const appNon2xx = rounds.reduce((sum, round) => sum + round.app.non2xx, 0);
  const appErrors = rounds.reduce((sum, round) => sum + round.app.errors, 0);
  if (appNon2xx > 0 || appErrors > 0) {
    failures.push(`the app answered ${appNon2xx} non-2xx and had ${appErrors} errors during measurement`);
  }
  // A failing baseline means the harness or the machine is in trouble: the ratio is meaningless.
  const baselineErrors = rounds.reduce(
    (sum, round) => sum + round.baseline.errors + round.baseline.non2xx,
    0,
  );
  if (baselineErrors > 0)
    failures.push(`the baseline had ${baselineErrors} errors or non-2xx during measurement`);
  if (options.minRatio !== undefined && ratio < options.minRatio) {
    failures.push(`median ratio ${formatRatio(ratio)} is below --min-ratio ${options.minRatio}`);
  }

  // 6. Result file and Markdown row.
  const resultFile = join(RESULTS_DIR, `${options.scenario}-${stamp}.json`);
  const result = {
    scenario: {
      name: options.scenario,
      description: scenario.description,
      method: request.method,
      path: request.path,
      headerNames: Object.keys(request.headers),
      body: scenario.body,
      envNames: Object.keys(appEnv),
    },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    gitCommit: gitCommit(),
    autocannon: createRequire(import.meta.url)('autocannon/package.json').version,
    options: {
      connections: options.connections,
      duration: options.duration,
      rounds: options.rounds,
      warmup: options.warmup,
      minRatio: options.minRatio ?? null,
      pipelining: 1,
    },
    app: {
      command: command ?? 'node dist/src/main.js',
      logLevel: process.env.LOG_LEVEL ?? null,
      readySeconds,
      logFile: relative(REPO_ROOT, logFile),
      response: { status: captured.status, contentType: captured.contentType, bytes: responseBytes },
    },
    rounds,
    medians: { app: appMedians, baseline: baselineMedians },
    ratio,
    roundRatios,
    passed: failures.length === 0,
    failures,
  };
  await writeFile(resultFile, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nresult: ${relative(process.cwd(), resultFile)}`);

  if (appNon2xx === 0 && appErrors === 0 && baselineErrors === 0) {
    console.log('\nMarkdown row (header in bench/README.md):');
    console.log(
      markdownRow({
        date: startedAt.toISOString().slice(0, 10),
        scenario: options.scenario,
        connections: options.connections,
        app: appMedians,
        baseline: baselineMedians,
        ratio,
      }),
    );
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    return 1;
  }
  return 0;
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Last resort if the process exits by another path (uncaught exception, process.exit elsewhere).
process.on('exit', () => app?.killNow());

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\n\n${USAGE}`);
    exitCode = 2;
  } else if (!interruption.signal.aborted) {
    // (After Ctrl-C, errors are consequences of the shutdown: not worth reporting.)
    console.error(`error: ${error.message}`);
    exitCode = 1;
  }
}
await cleanUp();
// Explicit exit: fetch's keep-alive sockets would otherwise hold the process for a few seconds.
process.exit(signalExitCode || exitCode);
