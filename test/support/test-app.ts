import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { validateEnv } from '../../src/platform/config/env.schema.js';
import { createTestDatabase, dropTestDatabase } from './test-database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const PROVIDER_KEY = 'test-provider-key-0123456789';
export const ANALYST_KEY = 'test-analyst-key-0123456789';

/** Headers of a request made with one of the keys above (`.set(asAdmin)`). */
export const asAdmin = { Authorization: `Bearer ${ADMIN_KEY}` };
export const asProvider = { Authorization: `Bearer ${PROVIDER_KEY}` };
export const asAnalyst = { Authorization: `Bearer ${ANALYST_KEY}` };

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  databaseUrl: string;
  databaseName: string;
  /** Stops the app; the database stays for another app unless `dropDatabase` is true. */
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  /** Reuse a database (e.g. to test a restart); default: a fresh one. */
  database?: { url: string; name: string };
}

/** Boots the real AppModule on a real PostgreSQL database, with the real migrations and seeds. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = validateEnv({
    LOG_LEVEL: 'silent',
    ADMIN_API_KEYS: ADMIN_KEY,
    PROVIDER_API_KEYS: PROVIDER_KEY,
    ANALYST_API_KEYS: ANALYST_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    DATABASE_POOL_SIZE: '4',
    ...options.env,
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, database.url);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    databaseUrl: database.url,
    databaseName: database.name,
    close: async ({ dropDatabase = true } = {}) => {
      await app.close();
      if (dropDatabase) await dropTestDatabase(database.name);
    },
  };
}
