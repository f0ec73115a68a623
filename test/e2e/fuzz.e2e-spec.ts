import { fuzz } from '../fuzz/openapi-fuzz.js';
import { ADMIN_KEY, ANALYST_KEY, PROVIDER_KEY, startTestApp, TestApp } from '../support/test-app.js';

/**
 * The short fuzz run of `npm test` (the long one is `npm run fuzz`, docs/FUZZING.md): requests
 * generated from the served OpenAPI document over every operation, on the real app and database.
 * A fixed seed, so that `npm test` (and CI) gives the same verdict on the same code; FUZZ_SEED
 * chooses another, and the long run draws a new one each time (docs/FUZZING.md).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

describe('fuzzing every operation of the OpenAPI document (e2e)', () => {
  let app: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it(`answers ${REQUESTS} generated requests with no 5xx, only problem+json errors and 2xx within their schemas`, async () => {
    const report = await fuzz({
      baseUrl,
      keys: { admin: ADMIN_KEY, provider: PROVIDER_KEY, analyst: ANALYST_KEY },
      requests: REQUESTS,
      seed: SEED,
    });
    const summary = `seed ${report.seed}: ${report.requests} requests over ${report.operations} operations in ${report.durationMs} ms`;
    expect({ summary, findings: report.findings.slice(0, 10) }).toEqual({ summary, findings: [] });
    expect(report.operations).toBeGreaterThanOrEqual(20);
    // Generated requests reach the routes, not only their error paths.
    expect(Object.keys(report.statuses).filter((status) => status.startsWith('2')).length).toBeGreaterThan(0);
    expect(report.statuses['200'] ?? 0).toBeGreaterThan(REQUESTS / 20);
  }, 300_000);
});
