import 'reflect-metadata';
import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp, SERVICE_PAGES } from './app.factory.js';
import { createAppLogger, flushLogs, flushLogsPeriodically } from './platform/logging/logging.js';
import { InvalidConfigurationError, validateEnv, type AppConfig } from './platform/config/env.schema.js';
import { StartupError } from './platform/config/startup-error.js';
import { loadDotEnv } from './platform/config/dotenv.js';
import type { RunningDatabase } from './platform/database/embedded-postgres.js';
import { openDatabase } from './platform/database/open-database.js';

/**
 * Graceful shutdown, in this order, so that no accepted request is lost:
 * 1. the listener closes (no new connection; a request arriving on a kept-alive connection gets
 *    503 with `Connection: close`), requests in flight run to their end and are answered, and
 *    each kept-alive connection is closed once idle;
 * 2. background work stops (intensity refresh, LISTEN connection) and the pool closes;
 * 3. the embedded PostgreSQL stops (a clean shutdown: everything committed is on disk);
 * 4. the process exits 0. Past SHUTDOWN_TIMEOUT_MS it exits 1 whatever is left.
 * Nest's `app.close()` does 1 and 2 (HTTP server first, then the shutdown hooks).
 */
const IDLE_CONNECTION_REAP_MS = 50;

/** Every line the process writes is JSON (pino), start-up and shutdown included. */
let log: Logger = createAppLogger({ logLevel: 'info' }).child({ context: 'Bootstrap' });

function exitAfterFailure(error: unknown): never {
  if (error instanceof StartupError) {
    log.fatal({ variable: error.variable, cause: error.reason }, `Cannot start: ${error.message}`);
  } else if (error instanceof InvalidConfigurationError) {
    log.fatal({ problems: error.problems }, `Cannot start: ${error.message}`);
  } else {
    log.fatal({ err: error }, `GreenStream failed to start: ${(error as Error)?.message ?? String(error)}`);
  }
  flushLogs();
  process.exit(1);
}

/** The URLs the service answers on, as a user would type them (a wildcard address becomes localhost). */
export function serviceUrls(address: string, port: number): Record<string, string> {
  const host =
    address === '0.0.0.0' || address === '::'
      ? 'localhost'
      : address.includes(':')
        ? `[${address}]`
        : address;
  const api = `http://${host}:${port}`;
  return {
    api,
    ...Object.fromEntries(Object.entries(SERVICE_PAGES).map(([name, path]) => [name, `${api}${path}`])),
  };
}

async function bootstrap(): Promise<void> {
  flushLogsPeriodically();
  let config: AppConfig;
  let dotEnv: ReturnType<typeof loadDotEnv>;
  try {
    dotEnv = loadDotEnv(process.env);
    config = validateEnv(process.env);
  } catch (error) {
    exitAfterFailure(error);
  }
  log = createAppLogger(config).child({ context: 'Bootstrap' });
  log.info({ pid: process.pid, node: process.version }, 'GreenStream starting');
  if (dotEnv)
    log.info(
      { file: dotEnv.file, variables: dotEnv.variables },
      `Read ${dotEnv.variables.length} variables from ${dotEnv.file}`,
    );

  const running: { database?: RunningDatabase; app?: NestFastifyApplication } = {};
  let stopRequestedBy: string | undefined;
  let isStopping = false;
  // True once the service listens: before, a signal waits for the boot step under way (creating the
  // cluster, building the modules, migrating and seeding in init) to end, then stops.
  let started = false;

  const stop = async (signal: string): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    const deadline = setTimeout(() => {
      log.error(`Shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting anyway`);
      flushLogs();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    let exitCode = 0;
    log.info({ signal }, `${signal} received: finishing requests in flight, then stopping`);
    const startedMs = Date.now();
    // Closing the server closes the connections idle at that moment; a kept-alive connection
    // whose request was still in flight stays open after its answer until the keep-alive timeout
    // (72 s), and the close waits for it. Close those as they become idle. A request that arrives on
    // one in the meantime is answered 503 with `Connection: close` by Fastify: refused, not lost.
    const server = running.app?.getHttpServer() as Server | undefined;
    const reaper = setInterval(() => server?.closeIdleConnections(), IDLE_CONNECTION_REAP_MS);
    try {
      await running.app?.close();
      if (running.app !== undefined) {
        log.info(`Requests finished and background work stopped in ${Date.now() - startedMs} ms`);
      }
    } catch (error) {
      exitCode = 1;
      log.error({ err: error }, 'Error while closing the application');
    } finally {
      clearInterval(reaper);
    }
    try {
      await running.database?.stop();
    } catch (error) {
      exitCode = 1;
      log.error({ err: error }, 'Error while stopping the database');
    }
    clearTimeout(deadline);
    log.info({ signal }, `Stopped (${signal})`);
    flushLogs();
    process.exit(exitCode);
  };
  // Listened to from the start: a signal during boot stops the service as soon as the boot step under
  // way (creating the cluster, migrating) has finished, instead of killing it with the embedded
  // database still running; the shutdown deadline holds from the signal on. A second signal during
  // boot exits at once.
  const onSignal = (signal: string) => {
    if (!started && !isStopping) {
      if (stopRequestedBy !== undefined) {
        log.warn({ signal }, `${signal} received again during start-up: exiting now`);
        flushLogs();
        process.exit(1);
      }
      stopRequestedBy = signal;
      log.info({ signal }, `${signal} received during start-up: stopping once the current step ends`);
      setTimeout(() => {
        log.error(`Start-up did not stop within ${config.shutdownTimeoutMs} ms: exiting anyway`);
        flushLogs();
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      return;
    }
    void stop(signal);
  };
  // embedded-postgres (through async-exit-hook) listens to these signals as soon as it is imported:
  // it would stop PostgreSQL under the requests still in flight, then exit 143. The order above
  // is ours to keep, so its listeners go.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  let database: RunningDatabase;
  try {
    const postgresLog = createAppLogger(config).child({ context: 'postgres' });
    database = await openDatabase(
      config,
      (message) => postgresLog.debug(message),
      (message) => postgresLog.warn(message),
    );
  } catch (error) {
    exitAfterFailure(error);
  }
  running.database = database;
  if (database.isEmbedded)
    log.info({ dataDir: config.dataDir }, `Embedded PostgreSQL running; data in ${config.dataDir}`);
  if (stopRequestedBy !== undefined) return stop(stopRequestedBy);
  try {
    running.app = await createApp(config, database.url, database);
    if (stopRequestedBy === undefined) await running.app.init();
    if (stopRequestedBy === undefined) await running.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await running.app?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    exitAfterFailure(error);
  }
  started = true;
  if (stopRequestedBy !== undefined) return stop(stopRequestedBy);
  const address = (running.app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const urls = serviceUrls(config.host, port);
  log.info(
    { urls },
    `GreenStream listening on ${urls.api} (${Object.entries(urls)
      .filter(([name]) => name !== 'api')
      .map(([name, url]) => `${name}: ${url}`)
      .join(', ')})`,
  );
}

bootstrap().catch(exitAfterFailure);
