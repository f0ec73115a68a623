import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApp, waitFor200 } from '../support/app-process.js';
import { fuzz } from './openapi-fuzz.js';

/**
 * `npm run fuzz [requests] [seed]`: the long fuzz run (default 20,000 requests) against the built
 * service on a fresh embedded PostgreSQL. Prints the figures as JSON and every finding; exits 1
 * when there is one. docs/FUZZING.md records the figures.
 */
const requests = Number(process.argv[2] ?? 20_000);
const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const keys = {
  admin: 'fuzz-admin-key-0123456789',
  provider: 'fuzz-provider-key-0123456789',
  analyst: 'fuzz-analyst-key-0123456789',
};

const dataDir = await mkdtemp(join(tmpdir(), 'greenstream-fuzz-'));
await chmod(dataDir, 0o755);
const service = await spawnApp({
  DATA_DIR: dataDir,
  ADMIN_API_KEYS: keys.admin,
  PROVIDER_API_KEYS: keys.provider,
  ANALYST_API_KEYS: keys.analyst,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'error',
});
let exitCode = 0;
try {
  await waitFor200(`${service.baseUrl}/health/ready`, 120_000, service.child);
  const report = await fuzz({
    baseUrl: service.baseUrl,
    keys,
    requests,
    ...(seed === undefined ? {} : { seed }),
    onProgress: (done) => console.error(`${done} requests`),
  });
  const { findings, ...figures } = report;
  console.log(JSON.stringify({ ...figures, findings: findings.length }, null, 2));
  for (const finding of findings) console.log(JSON.stringify(finding));
  if (findings.length > 0) exitCode = 1;
} catch (error) {
  console.error(error, service.output().slice(-3000));
  exitCode = 1;
} finally {
  await service.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
