import type { SteeringDecisionDto } from '../../src/steering/contract/steering-decision.dto.js';
import { FakeOrigins } from '../fakes/fake-origins.js';
import { metricSample } from '../support/prometheus.js';
import { asAdmin, startTestApp, TestApp } from '../support/test-app.js';
import { dropTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait.js';

const INTERVAL_MS = 1000;
const TIMEOUT_MS = 600;
const DOWN_AFTER = 3;
const UP_AFTER = 2;
/** What a loaded 2-core CI machine may add to a bound (event-loop and scheduling delays). */
const SLACK_MS = 2000;

const ORIGINS = [
  { id: 'paris', region: 'aws:eu-west-3' },
  { id: 'frankfurt', region: 'aws:eu-central-1' },
  { id: 'madrid', region: 'aws:eu-south-2' },
];

const ENV = {
  ORIGIN_PROBE_INTERVAL_MS: String(INTERVAL_MS),
  ORIGIN_PROBE_TIMEOUT_MS: String(TIMEOUT_MS),
  ORIGIN_DOWN_AFTER: String(DOWN_AFTER),
  ORIGIN_UP_AFTER: String(UP_AFTER),
  DATABASE_POOL_SIZE: '8',
};

async function decide(app: TestApp, query = ''): Promise<SteeringDecisionDto> {
  const response = await app.http.get(`/video/abc?service=vod&viewerCountry=FR&dryRun=true${query}`);
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as SteeringDecisionDto;
}

function statusOf(decision: SteeringDecisionDto, originId: string): string | undefined {
  return decision.locations.find((location) => location.originId === originId)?.status;
}

interface OriginsHealth {
  isProber: boolean;
  up: number;
  down: number;
  origins: { originId: string; status: string; transitions: number; consecutiveSuccesses: number }[];
}

async function originsHealth(app: TestApp): Promise<OriginsHealth> {
  const response = await app.http.get('/health');
  return (response.body as { details: { origins: OriginsHealth } }).details.origins;
}

describe('origin health: probes, drain and restore, two instances (e2e)', () => {
  let origins: FakeOrigins;
  let first: TestApp;
  let second: TestApp;
  const closed = new Set<TestApp>();

  beforeAll(async () => {
    origins = await FakeOrigins.start();
    first = await startTestApp({ env: ENV });
    await first.http.post('/services').set(asAdmin).send({ id: 'vod', name: 'VOD' }).expect(201);
    for (const origin of ORIGINS) {
      await first.http
        .post('/services/vod/origins')
        .set(asAdmin)
        .send({
          id: origin.id,
          region: origin.region,
          urlTemplate: `https://${origin.id}.cdn.test/{videoId}`,
          healthUrl: origins.healthUrl(origin.id),
        })
        .expect(201);
    }
    second = await startTestApp({
      env: ENV,
      database: { url: first.databaseUrl, name: first.databaseName },
    });
    for (const app of [first, second]) {
      await waitUntil(async () => (await originsHealth(app)).up === 3, 20000, 'three origins probed and up');
    }
  });

  afterAll(async () => {
    for (const app of [second, first]) {
      if (app && !closed.has(app)) await app.close({ dropDatabase: false });
    }
    if (first) await dropTestDatabase(first.databaseName);
    await origins?.stop();
  });

  it('one instance probes, once per interval', async () => {
    const [a, b] = [await originsHealth(first), await originsHealth(second)];
    expect([a.isProber, b.isProber].filter(Boolean)).toHaveLength(1);
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10 * INTERVAL_MS));
    const hits = origins.hitsSince('paris', since);
    // Two probers would make ~20; one makes ~10 (fewer when the machine stalls a cycle).
    expect(hits.length).toBeGreaterThanOrEqual(5);
    expect(hits.length).toBeLessThanOrEqual(12);
    // That the other instance sends none is read from its metrics below. (The gap between two probes
    // of one origin varies by the time the cycle spends in the database before probing, so it is
    // not a sign of a second prober.)
    const proberApp = a.isProber ? first : second;
    const otherApp = a.isProber ? second : first;
    const proberMetrics = (await proberApp.http.get('/metrics')).text;
    const otherMetrics = (await otherApp.http.get('/metrics')).text;
    expect(
      metricSample(
        proberMetrics,
        'greenstream_origin_probes_total{service="vod",origin="paris",outcome="ok"}',
      ),
    ).toBeGreaterThan(0);
    expect(
      metricSample(
        otherMetrics,
        'greenstream_origin_probes_total{service="vod",origin="paris",outcome="ok"}',
      ),
    ).toBeUndefined();
    expect(metricSample(otherMetrics, 'greenstream_origin_up{service="vod",origin="paris"}')).toBe(1);
    expect(metricSample(proberMetrics, 'greenstream_origin_prober')).toBe(1);
    expect(metricSample(otherMetrics, 'greenstream_origin_prober')).toBe(0);
  });

  it('drains an origin answering 500 and one hanging within K x interval + timeout, restores after M successes, and never steers to them meanwhile', async () => {
    const before = await decide(first, '&sessionId=held-session');
    const failing = before.origin.originId;
    const hanging = ORIGINS.map((origin) => origin.id).find((id) => id !== failing) as string;
    const healthy = ORIGINS.map((origin) => origin.id).find(
      (id) => id !== failing && id !== hanging,
    ) as string;
    const leader = (await originsHealth(first)).isProber ? first : second;
    const follower = leader === first ? second : first;

    const failedAt = Date.now();
    origins.set(failing, 'error');
    origins.set(hanging, 'hang');
    const drainedOn = async (app: TestApp) => {
      const decision = await decide(app);
      return statusOf(decision, failing) === 'origin-down' && statusOf(decision, hanging) === 'origin-down';
    };
    await waitUntil(() => drainedOn(leader), 20000, 'drained on the prober');
    const leaderDrainMs = Date.now() - failedAt;
    await waitUntil(() => drainedOn(follower), 20000, 'drained on the other instance');
    const followerDrainMs = Date.now() - failedAt;
    process.stdout.write(
      `origin-health drain: prober ${leaderDrainMs} ms, other instance ${followerDrainMs} ms (bound K x interval + timeout = ${DOWN_AFTER * INTERVAL_MS + TIMEOUT_MS} ms; + one interval for the other instance's read)\n`,
    );
    expect(leaderDrainMs).toBeLessThanOrEqual(DOWN_AFTER * INTERVAL_MS + TIMEOUT_MS + SLACK_MS);
    expect(followerDrainMs).toBeLessThanOrEqual((DOWN_AFTER + 1) * INTERVAL_MS + TIMEOUT_MS + SLACK_MS);

    // While down: every answer on both instances avoids them, and the held session moves.
    for (let index = 0; index < 10; index++) {
      for (const app of [first, second]) {
        const decision = await decide(app);
        expect([failing, hanging]).not.toContain(decision.origin.originId);
        expect(decision.origin.originId).toBe(healthy);
        const down = decision.locations.find((location) => location.originId === failing);
        expect(down?.reason).toMatch(/^origin-down: \d+ failed probes in a row \(last: http 500\)/);
      }
    }
    const moved = await decide(first, '&sessionId=held-session');
    expect(moved.origin.originId).toBe(healthy);
    expect(moved.switchedFrom).toBe(failing);
    const redirect = await first.http.get('/video/abc?service=vod&viewerCountry=FR');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toContain(`${healthy}.cdn.test`);
    const health = await originsHealth(follower);
    expect(health).toMatchObject({ up: 1, down: 2 });
    expect(
      metricSample(
        (await follower.http.get('/metrics')).text,
        `greenstream_origin_up{service="vod",origin="${failing}"}`,
      ),
    ).toBe(0);
    const overall = await follower.http.get('/health');
    expect(overall.status).toBe(200);

    // Back after M successes, on both instances; until then, still avoided.
    const restoredAt = Date.now();
    origins.set(failing, 'healthy');
    let sawUpEarly = false;
    await waitUntil(
      async () => {
        const decision = await decide(leader);
        if (statusOf(decision, failing) === 'origin-down') return false;
        const state = (await originsHealth(leader)).origins.find((origin) => origin.originId === failing);
        sawUpEarly = (state?.consecutiveSuccesses ?? 0) < UP_AFTER;
        return true;
      },
      20000,
      'restored on the prober',
    );
    const leaderRestoreMs = Date.now() - restoredAt;
    await waitUntil(
      async () => statusOf(await decide(follower), failing) !== 'origin-down',
      20000,
      'restored on the other',
    );
    const followerRestoreMs = Date.now() - restoredAt;
    process.stdout.write(
      `origin-health restore: prober ${leaderRestoreMs} ms, other instance ${followerRestoreMs} ms (M = ${UP_AFTER} successes at ${INTERVAL_MS} ms)\n`,
    );
    expect(sawUpEarly).toBe(false);
    // M successes take at least M - 1 intervals after the first one.
    expect(leaderRestoreMs).toBeGreaterThanOrEqual((UP_AFTER - 1) * INTERVAL_MS);
    expect(followerRestoreMs).toBeLessThanOrEqual((UP_AFTER + 1) * INTERVAL_MS + TIMEOUT_MS + SLACK_MS);
    const state = (await originsHealth(follower)).origins.find((origin) => origin.originId === failing);
    expect(state).toMatchObject({ status: 'up', transitions: 2 });
    origins.set(hanging, 'healthy');
    await waitUntil(async () => (await originsHealth(follower)).up === 3, 20000, 'all up again');
  });

  it('fails open to the nearest origin when every origin is down, and says so', async () => {
    for (const origin of ORIGINS) origins.set(origin.id, 'error');
    for (const app of [first, second]) {
      await waitUntil(async () => (await originsHealth(app)).down === 3, 20000, 'all down');
      const decision = await decide(app);
      expect(decision.reason).toBe('all-origins-down');
      expect(decision.origin.reason).toMatch(/every origin of the service is down/);
      const redirect = await app.http.get('/video/abc?service=vod&viewerCountry=FR');
      expect(redirect.status).toBe(302);
    }
    for (const origin of ORIGINS) origins.set(origin.id, 'healthy');
    for (const app of [first, second]) {
      await waitUntil(async () => (await originsHealth(app)).up === 3, 20000, 'all up');
    }
  });

  it('hands the probing over when the prober stops', async () => {
    const firstIsProber = (await originsHealth(first)).isProber;
    const survivor = firstIsProber ? second : first;
    const prober = firstIsProber ? first : second;
    await prober.close({ dropDatabase: false });
    closed.add(prober);
    await waitUntil(async () => (await originsHealth(survivor)).isProber, 5000, 'the other instance probes');
    const since = Date.now();
    await waitUntil(() => origins.hitsSince('paris', since).length >= 2, 5000, 'probes from the new prober');
  });
});
