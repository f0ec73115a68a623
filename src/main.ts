import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { InvalidConfigurationError, validateEnv } from './config/env.schema.js';
import { openDatabase } from './database/open-database.js';
import { flushLogs } from './common/logging.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = validateEnv(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = await openDatabase(config, (message) => {
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(`[postgres] ${message}`);
  });
  if (database.isEmbedded) console.error(`Embedded PostgreSQL running; data in ${config.dataDir}`);
  let app;
  try {
    app = await createApp(config, database.url);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    console.error('GreenStream failed to start:', error);
    await app?.close().catch(() => undefined);
    await database.stop();
    flushLogs();
    process.exit(1);
  }

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.error(`${signal} received: closing`);
    await app.close();
    await database.stop();
    flushLogs();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void bootstrap();
