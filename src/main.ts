import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { flushLogs } from './common/logging.js';
import { InvalidConfigurationError, validateEnv, type AppConfig } from './config/env.schema.js';
import type { RunningDatabase } from './database/embedded-postgres.js';
import { openDatabase } from './database/open-database.js';

/**
 * Graceful shutdown, in this order, so that no accepted request is lost:
 * 1. the listener closes (no new connection; a request arriving on a kept-alive connection gets
 *    503 with `Connection: close`), and requests in flight run to their end and are answered;
 * 2. background work stops (intensity refresh, LISTEN connection) and the pool closes;
 * 3. the embedded PostgreSQL stops (a clean shutdown: everything committed is on disk);
 * 4. the process exits 0. Past SHUTDOWN_TIMEOUT_MS it exits 1 whatever is left.
 * Nest's `app.close()` does 1 and 2 (HTTP server first, then the shutdown hooks).
 */
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
    try {
      await running.app?.close();
    } catch (error) {
      exitCode = 1;
      console.error('Error while closing the application:', error);
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
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  const database = await openDatabase(config, (message) => {
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(`[postgres] ${message}`);
  });
  running.database = database;
  if (database.isEmbedded) console.error(`Embedded PostgreSQL running; data in ${config.dataDir}`);
  try {
    running.app = await createApp(config, database.url);
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
