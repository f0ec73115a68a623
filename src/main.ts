import 'reflect-metadata';
import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { flushLogs } from './platform/logging/logging.js';
import { InvalidConfigurationError, validateEnv, type AppConfig } from './platform/config/env.schema.js';
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

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = validateEnv(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const running: { database?: RunningDatabase; app?: NestFastifyApplication } = {};
  let stopRequestedBy: string | undefined;
  let isStopping = false;

  const stop = async (signal: string): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    const deadline = setTimeout(() => {
      console.error(`Shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting anyway`);
      flushLogs();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    let exitCode = 0;
    console.error(`${signal} received: finishing requests in flight, then stopping`);
    const startedMs = Date.now();
    // Closing the server closes the connections idle at that moment; a kept-alive connection
    // whose request was still in flight stays open after its answer until the keep-alive timeout
    // (72 s), and the close waits for it. Close those as they become idle. A request that arrives on
    // one in the meantime is answered 503 with `Connection: close` by Fastify: refused, not lost.
    const server = running.app?.getHttpServer() as Server | undefined;
    const reaper = setInterval(() => server?.closeIdleConnections(), IDLE_CONNECTION_REAP_MS);
    try {
      await running.app?.close();
      console.error(`Requests finished and background work stopped in ${Date.now() - startedMs} ms`);
    } catch (error) {
      exitCode = 1;
      console.error('Error while closing the application:', error);
    } finally {
      clearInterval(reaper);
    }
    try {
      await running.database?.stop();
    } catch (error) {
      exitCode = 1;
      console.error('Error while stopping the database:', error);
    }
    clearTimeout(deadline);
    console.error(`Stopped (${signal})`);
    flushLogs();
    process.exit(exitCode);
  };
  // Listened to from the start: a signal during boot stops the service once the boot step under way
  // has finished, instead of killing it with the embedded database still running.
  const onSignal = (signal: string) => {
    if (running.app === undefined && !isStopping) {
      stopRequestedBy = signal;
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

  const database = await openDatabase(
    config,
    (message) => {
      if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(`[postgres] ${message}`);
    },
    (message) => console.error(message),
  );
  running.database = database;
  if (database.isEmbedded) console.error(`Embedded PostgreSQL running; data in ${config.dataDir}`);
  try {
    running.app = await createApp(config, database.url, database);
    if (stopRequestedBy === undefined) await running.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    console.error('GreenStream failed to start:', error);
    await running.app?.close().catch(() => undefined);
    await database.stop();
    flushLogs();
    process.exit(1);
  }
  if (stopRequestedBy !== undefined) await stop(stopRequestedBy);
}

void bootstrap();
