import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const database = globalThis.__greenstreamTestDatabase;
  if (!database) return;
  await database.server.stop();
  await rm(database.dataDir, { recursive: true, force: true });
}
