import type { RecommendationDto } from '../../src/recommendation/contract/recommendation.dto.js';
import type { LatencyMatrixDto } from '../../src/latency/contract/latency.dto.js';
import { LatencyRefresher } from '../../src/latency/jobs/latency-refresher.js';
import type { SteeringDecisionDto } from '../../src/steering/contract/steering-decision.dto.js';
import { DecisionLogWriter } from '../../src/steering/jobs/decision-log-writer.js';
import { DecisionLabeler } from '../../src/steering/jobs/decision-labeler.js';
import { expectProblemNaming } from '../support/assertions.js';
import { metricSample } from '../support/prometheus.js';
import { asAdmin, asAnalyst, asProvider, startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/**
 * Measured latency (docs/LATENCY.md) on two instances sharing one database: samples replace the
 * model in /recommend's and steering's latency budget, age out back to the model, label the
 * decision log, and a bad batch stores nothing.
 */
const HALF_LIFE_MS = 3000;
const MAX_AGE_MS = 8000;
const MIN_SAMPLES = 5;
const ENV = {
  LATENCY_HALF_LIFE_MS: String(HALF_LIFE_MS),
  LATENCY_MAX_AGE_MS: String(MAX_AGE_MS),
  LATENCY_MIN_SAMPLES: String(MIN_SAMPLES),
  LATENCY_REFRESH_MS: '200',
  STEERING_DECISION_FLUSH_MS: '200',
  DATABASE_POOL_SIZE: '6',
};
const PARIS = 'aws:eu-west-3';
const FRANKFURT = 'aws:eu-central-1';

async function recommend(app: TestApp): Promise<RecommendationDto> {
  const response = await app.http.get(
    '/recommend?viewerCountry=FR&durationMinutes=60&eligibility=latency&maxLatencyMs=80&limit=200',
  );
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as RecommendationDto;
}

async function steer(app: TestApp): Promise<SteeringDecisionDto> {
  const response = await app.http.get('/video/abc?service=vod&viewerCountry=FR&dryRun=true');
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as SteeringDecisionDto;
}

async function matrix(app: TestApp): Promise<LatencyMatrixDto> {
  const response = await app.http.get('/latency?viewerCountry=FR').expect(200);
  return response.body as LatencyMatrixDto;
}

function cellOf(latency: LatencyMatrixDto, regionId: string) {
  const cell = latency.regions.find((region) => region.regionId === regionId);
  if (!cell) throw new Error(`no ${regionId} in /latency`);
  return cell;
}

/** The service's decision log as JSON lines, parsed: from `from` to a second from now. */
async function decisionRows(app: TestApp, from: string): Promise<Record<string, unknown>[]> {
  const response = await app.http
    .get(`/decisions?from=${from}&to=${new Date(Date.now() + 1000).toISOString()}&service=solo`)
    .set(asAnalyst)
    .set('Accept', 'application/x-ndjson')
    .expect(200);
  return response.text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function storedAggregates(app: TestApp): Promise<{ region_id: string; rtt_count: string }[]> {
  const { DataSource } = await import('typeorm');
  return (await app.app
    .get(DataSource)
    .query(
      `SELECT region_id, rtt_count FROM latency_aggregates WHERE viewer_country = 'FR' ORDER BY region_id`,
    )) as { region_id: string; rtt_count: string }[];
}

describe('measured latency: samples, eligibility, ageing out, two instances (e2e)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ env: ENV });
    await first.http.post('/services').set(asAdmin).send({ id: 'vod', name: 'VOD' }).expect(201);
    for (const [id, region] of [
      ['paris', PARIS],
      ['frankfurt', FRANKFURT],
    ]) {
      await first.http
        .post('/services/vod/origins')
        .set(asAdmin)
        .send({ id, region, urlTemplate: `https://${id}.cdn.test/{videoId}` })
        .expect(201);
    }
    // A service with one origin: its decisions all choose Frankfurt, whatever the intensities.
    await first.http.post('/services').set(asAdmin).send({ id: 'solo', name: 'Solo' }).expect(201);
    await first.http
      .post('/services/solo/origins')
      .set(asAdmin)
      .send({ id: 'fra', region: FRANKFURT, urlTemplate: 'https://fra.cdn.test/{videoId}' })
      .expect(201);
    second = await startTestApp({ env: ENV, database: { url: first.databaseUrl, name: first.databaseName } });
  });

  afterAll(async () => {
    await second?.close({ dropDatabase: false });
    await first?.close();
  });

  it('takes a region 150 ms away by measurement (20 ms by the model) out of the 80 ms budget on both instances, then ages back to the model', async () => {
    // Before: the model puts Paris well within 80 ms of France.
    const before = await matrix(first);
    expect(cellOf(before, PARIS)).toMatchObject({ rttSource: 'model', measured: null });
    expect(cellOf(before, PARIS).modelRttMs).toBeLessThan(40);
    const paris = (await recommend(second)).candidates.find((candidate) => candidate.regionId === PARIS);
    expect(paris).toMatchObject({ rttSource: 'model', rttSamples: 0 });
    expect(paris?.estimatedRttMs).toBeLessThan(40);

    const samples = Array.from({ length: 40 }, () => ({ viewerCountry: 'FR', region: PARIS, rttMs: 150 }));
    const posted = await first.http.post('/latency-samples').set(asProvider).send({ samples }).expect(201);
    expect(posted.body).toMatchObject({ accepted: 40, aggregatesUpdated: 1, sessionsLabelled: 0 });
    // The aggregate is in SQL (one row, 40 samples), not in the memory of the instance that took it.
    expect(await storedAggregates(first)).toEqual([{ region_id: PARIS, rtt_count: '40' }]);

    // The other instance reads it from PostgreSQL.
    await waitUntil(
      async () => (await recommend(second)).excluded.some((item) => item.regionId === PARIS),
      10_000,
      'Paris excluded by measurement on the second instance',
    );
    const excluded = (await recommend(second)).excluded.find((item) => item.regionId === PARIS);
    expect(excluded?.reason).toMatch(
      /^measured RTT 150 ms \([\d.]+ recent samples\) exceeds maxLatencyMs=80$/,
    );
    const cell = cellOf(await matrix(second), PARIS);
    expect(cell).toMatchObject({ rttSource: 'measured', rttMs: 150 });
    expect(cell.measured).toMatchObject({ rttMs: 150, totalSamples: 40 });
    const firstMetrics = (await first.http.get('/metrics').expect(200)).text;
    const secondMetrics = (await second.http.get('/metrics').expect(200)).text;
    expect(metricSample(firstMetrics, 'greenstream_latency_samples_total{source="api"}')).toBe(40);
    expect(metricSample(secondMetrics, 'greenstream_latency_measured_pairs{source="measured"}')).toBe(1);
    // Steering on both instances: Paris not eligible, Frankfurt (by the model) chosen.
    for (const app of [first, second]) {
      await waitUntil(
        async () => (await steer(app)).origin.originId === 'frankfurt',
        10_000,
        'steered to Frankfurt',
      );
      const decision = await steer(app);
      expect(decision.origin).toMatchObject({ originId: 'frankfurt', rttSource: 'model', rttSamples: 0 });
      const parisLocation = decision.locations.find((location) => location.originId === 'paris');
      expect(parisLocation?.status).toBe('not-eligible');
      expect(parisLocation?.reason).toMatch(/^measured RTT 150 ms/);
    }

    // Ageing out: 40 samples halve every 3 s (under 5 after 9 s) and the newest is over 8 s old: the model again.
    const postedAt = Date.now();
    for (const app of [second, first]) {
      await waitUntil(
        async () => (await recommend(app)).candidates.some((candidate) => candidate.regionId === PARIS),
        30_000,
        'Paris eligible again',
      );
    }
    expect(Date.now() - postedAt).toBeGreaterThan(2000);
    const back = (await recommend(first)).candidates.find((candidate) => candidate.regionId === PARIS);
    expect(back).toMatchObject({ rttSource: 'model', rttSamples: 0 });
    const aged = cellOf(await matrix(first), PARIS);
    expect(aged.rttSource).toBe('model');
    // The stored aggregate stays (until pruned); it is just no longer in force.
    expect(aged.measured?.totalSamples).toBe(40);
  });

  it('refuses a bad batch whole, naming the field, and stores nothing of it', async () => {
    const good = { viewerCountry: 'FR', region: FRANKFURT, rttMs: 20 };
    const before = await storedAggregates(first);
    const cases: [unknown, string][] = [
      [{ samples: [good, good, good, { ...good, rttMs: 61_000 }] }, 'samples[3].rttMs'],
      [{ samples: [good, { ...good, rttMs: -5 }] }, 'samples[1].rttMs'],
      [{ samples: [good, { ...good, throughputBps: 5 }] }, 'samples[1].throughputBps'],
      [{ samples: [good, { ...good, region: 'aws:mars-1' }] }, 'samples[1].region'],
      [{ samples: [good, { viewerCountry: 'FR', originId: 'nowhere', rttMs: 9 }] }, 'samples[1].originId'],
      [{ samples: [good, { ...good, at: new Date(Date.now() + 3_600_000).toISOString() }] }, 'samples[1].at'],
      [{ samples: [good, { ...good, at: new Date(Date.now() - 3_600_000).toISOString() }] }, 'samples[1].at'],
      [{ samples: Array.from({ length: 1001 }, () => good) }, 'samples'],
    ];
    for (const [body, field] of cases) {
      const response = await first.http
        .post('/latency-samples')
        .set(asProvider)
        .send(body as object);
      expectProblemNaming(response, field);
    }
    await first.http
      .post('/latency-samples')
      .send({ samples: [good] })
      .expect(401);
    expect(await storedAggregates(first)).toEqual(before);
    // An origin id stands for its region.
    await first.http
      .post('/latency-samples')
      .set(asProvider)
      .send({ samples: [{ viewerCountry: 'FR', originId: 'frankfurt', serviceId: 'vod', rttMs: 20 }] })
      .expect(201);
    expect(await storedAggregates(first)).toContainEqual({ region_id: FRANKFURT, rtt_count: '1' });
  });

  it("labels a session's decisions with its samples and counts a player's _HLS_throughput and _DASH_throughput as samples", async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    await first.http.get('/video/abc?service=solo&viewerCountry=FR&sessionId=label-1').expect(302);
    // The player reports from the pathway it is on: a throughput sample of that origin's region.
    const reload = await first.http
      .get(
        '/steering/hls/solo/abc?viewerCountry=FR&sessionId=label-1&_HLS_pathway=fra&_HLS_throughput=6000000',
      )
      .expect(200);
    expect(reload.body).toHaveProperty('PATHWAY-PRIORITY');
    await first.app.get(DecisionLogWriter).flush();
    await first.http
      .post('/latency-samples')
      .set(asProvider)
      .send({ samples: [{ viewerCountry: 'FR', originId: 'fra', rttMs: 23.5, sessionId: 'label-1' }] })
      .expect(201);
    await first.app.get(LatencyRefresher).runNow();
    await waitUntil(
      async () => cellOf(await matrix(first), FRANKFURT).measured?.throughputBps === 6_000_000,
      10_000,
      'the player report stored as a throughput sample',
    );
    await first.app.get(DecisionLabeler).idle();
    const to = new Date(Date.now() + 1000).toISOString();
    let rows: Record<string, unknown>[] = [];
    await waitUntil(
      async () => {
        rows = await decisionRows(first, from);
        return (
          rows.length === 2 &&
          rows.every((row) => row.measuredRttMs === 23.5 && row.measuredThroughputBps === 6_000_000)
        );
      },
      10_000,
      'both decisions of the session labelled',
    );
    expect(Object.keys(rows[0]).slice(-4)).toEqual([
      'candidates',
      'measuredRttMs',
      'measuredThroughputBps',
      'measuredAt',
    ]);
    const csv = await first.http
      .get(`/decisions?from=${from}&to=${to}&service=solo`)
      .set(asAnalyst)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text.split(/\r?\n/)[0]).toMatch(/,candidates,measuredRttMs,measuredThroughputBps,measuredAt$/);

    // A decision is labelled once: a later sample labels the decisions made since, not the older ones.
    await first.http
      .get('/steering/hls/solo/abc?viewerCountry=FR&sessionId=label-1&_HLS_pathway=fra')
      .expect(200);
    await first.app.get(DecisionLogWriter).flush();
    await first.http
      .post('/latency-samples')
      .set(asProvider)
      .send({ samples: [{ viewerCountry: 'FR', originId: 'fra', rttMs: 41, sessionId: 'label-1' }] })
      .expect(201);
    await first.app.get(DecisionLabeler).idle();
    await waitUntil(
      async () => {
        const session = await decisionRows(first, from);
        return (
          session.length === 3 &&
          session.filter((row) => row.measuredRttMs === 23.5).length === 2 &&
          session.filter((row) => row.measuredRttMs === 41).length === 1
        );
      },
      10_000,
      'the older decisions keep their label, the newer one takes the later sample',
    );

    // DASH: the throughput of the location in use (the last _DASH_pathway) labels another session.
    await first.http
      .get(
        '/steering/dash/solo/abc?viewerCountry=FR&sessionId=label-2&_DASH_pathway=fra&_DASH_throughput=4000000',
      )
      .expect(200);
    await first.app.get(DecisionLogWriter).flush();
    await first.app.get(LatencyRefresher).runNow();
    await waitUntil(
      async () => {
        const dash = (await decisionRows(first, from)).filter((row) => row.channel === 'dash');
        return (
          dash.length === 1 && dash[0].measuredThroughputBps === 4_000_000 && dash[0].measuredRttMs === null
        );
      },
      10_000,
      'the DASH session labelled with its throughput',
    );
    const throughput = cellOf(await matrix(first), FRANKFURT).measured?.throughputBps ?? 0;
    expect(throughput).toBeGreaterThan(4_000_000);
    expect(throughput).toBeLessThan(6_000_000);
  });
});
