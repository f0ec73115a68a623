import { DecisionLogWriter } from '../../src/steering/jobs/decision-log-writer.js';
import type { SteeringDecisionDto } from '../../src/steering/contract/steering-decision.dto.js';
import { expectProblem, expectProblemNaming } from '../support/assertions.js';
import { liveEnv } from '../support/live-env.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { asAdmin, asAnalyst, startTestApp, TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const ORIGINS = [
  { id: 'paris', region: 'aws:eu-west-3', zone: 'FR' },
  { id: 'frankfurt', region: 'aws:eu-central-1', zone: 'DE' },
  { id: 'madrid', region: 'aws:eu-south-2', zone: 'ES' },
];

async function createService(
  app: TestApp,
  id: string,
  capacities: Record<string, number> = {},
): Promise<void> {
  await app.http
    .post('/services')
    .set(asAdmin)
    .send({ id, name: `Service ${id}` })
    .expect(201);
  for (const origin of ORIGINS) {
    await app.http
      .post(`/services/${id}/origins`)
      .set(asAdmin)
      .send({
        id: origin.id,
        region: origin.region,
        urlTemplate: `https://${origin.id}.cdn.test/${id}/{videoId}/{path}`,
        capacity: capacities[origin.id] ?? null,
      })
      .expect(201);
  }
}

async function decide(app: TestApp, query: string): Promise<SteeringDecisionDto> {
  const response = await app.http.get(`/video/abc?${query}&dryRun=true`);
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as SteeringDecisionDto;
}

/** Polls until every origin is valued at the scripted intensity of its zone. */
async function settled(app: TestApp, service: string, expected: Record<string, number>): Promise<void> {
  await waitUntil(
    async () => {
      const decision = await decide(app, `service=${service}&viewerCountry=FR`);
      return (
        !decision.degraded &&
        decision.locations.every(
          (location) =>
            location.intensity !== null &&
            Math.abs(location.intensity.gCo2ePerKwh - (expected[location.intensity.zone] ?? NaN)) < 1e-9,
        )
      );
    },
    20000,
    `scripted intensities ${JSON.stringify(expected)}`,
  );
}

describe('steering: services, GET /video and the decision log (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    fake.setIntensity('FR', 100);
    fake.setIntensity('DE', 300);
    fake.setIntensity('ES', 50);
    app = await startTestApp({
      env: liveEnv(fake, {
        INTENSITY_REFRESH_SECONDS: '5',
        STEERING_DECISION_FLUSH_MS: '100',
        TRUST_PROXY: 'true',
      }),
    });
    await createService(app, 'vod-main');
    await settled(app, 'vod-main', { FR: 100, DE: 300, ES: 50 });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  describe('services and origins', () => {
    it('lists the seeded example service, disabled, with origins on example.com', async () => {
      const { body } = await app.http.get('/services').expect(200);
      const example = body.items.find((service: { id: string }) => service.id === 'example');
      expect(example).toMatchObject({ enabled: false });
      expect(
        example.origins.map(
          (origin: { urlTemplate: string }) => new URL(origin.urlTemplate.replace(/\{\w+\}/g, 'x')).hostname,
        ),
      ).toEqual(expect.arrayContaining(['paris.origin.example.com']));
    });

    it('creates, changes and deletes a service and its origins, answering 404, 409 and 400 by the book', async () => {
      await app.http.post('/services').send({ id: 'crud', name: 'CRUD' }).expect(401);
      await app.http.post('/services').set(asAdmin).send({ id: 'crud', name: 'CRUD' }).expect(201);
      expectProblem(await app.http.post('/services').set(asAdmin).send({ id: 'crud', name: 'again' }), 409);
      const badId = await app.http.post('/services').set(asAdmin).send({ id: 'Bad Id', name: 'x' });
      expectProblem(badId, 400);
      expectProblemNaming(badId, 'id');
      const origin = { id: 'paris', region: 'aws:eu-west-3', urlTemplate: 'https://p.cdn.test/{videoId}' };
      const created = await app.http.post('/services/crud/origins').set(asAdmin).send(origin).expect(201);
      expect(created.body).toMatchObject({
        id: 'paris',
        pathway: 'paris',
        capacity: null,
        enabled: true,
        liveSessions: 0,
      });
      expectProblem(await app.http.post('/services/crud/origins').set(asAdmin).send(origin), 409);
      const samePathway = await app.http
        .post('/services/crud/origins')
        .set(asAdmin)
        .send({ ...origin, id: 'other', pathway: 'paris' });
      expectProblem(samePathway, 409);
      for (const [urlTemplate, why] of [
        ['https://p.cdn.test/video', 'no {videoId}'],
        ['https://p.cdn.test/{videoId}/{quality}', 'unknown placeholder'],
        ['ftp://p.cdn.test/{videoId}', 'not http'],
        ['https://{region}.cdn.test/{videoId}', 'placeholder in the host'],
        ['https://p.cdn.test/{videoId', 'unbalanced'],
      ]) {
        const response = await app.http
          .post('/services/crud/origins')
          .set(asAdmin)
          .send({ ...origin, id: 'bad', urlTemplate });
        expect([why, response.status]).toEqual([why, 400]);
        expectProblemNaming(response, 'urlTemplate');
      }
      const unknownRegion = await app.http
        .post('/services/crud/origins')
        .set(asAdmin)
        .send({ ...origin, id: 'nowhere', region: 'aws:mars-north-1' });
      expectProblemNaming(unknownRegion, 'region');
      expectProblem(await app.http.post('/services/none/origins').set(asAdmin).send(origin), 404);
      const changed = await app.http
        .patch('/services/crud/origins/paris')
        .set(asAdmin)
        .send({ capacity: 10, pathway: 'cdn-paris' })
        .expect(200);
      expect(changed.body).toMatchObject({ capacity: 10, pathway: 'cdn-paris' });
      expectProblemNaming(await app.http.patch('/services/crud/origins/paris').set(asAdmin).send({}), 'body');
      expectProblem(
        await app.http.patch('/services/crud/origins/ghost').set(asAdmin).send({ enabled: false }),
        404,
      );
      await app.http.patch('/services/crud').set(asAdmin).send({ name: 'Renamed' }).expect(200);
      expect((await app.http.get('/services/crud').expect(200)).body).toMatchObject({
        name: 'Renamed',
        origins: [{ id: 'paris', capacity: 10 }],
      });
      await app.http.delete('/services/crud/origins/paris').set(asAdmin).expect(204);
      await app.http.delete('/services/crud').set(asAdmin).expect(204);
      expectProblem(await app.http.get('/services/crud'), 404);
    });
  });

  describe('GET /video/{id}', () => {
    it('redirects a viewer in FR to the origin in the cleanest eligible region, with the decision headers', async () => {
      const response = await app.http
        .get('/video/abc?service=vod-main&viewerCountry=FR&path=master.m3u8')
        .expect(302);
      expect(response.headers.location).toBe('https://madrid.cdn.test/vod-main/abc/master.m3u8');
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(response.headers['x-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-session-id']).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(response.headers['server-timing']).toMatch(/^steer;dur=\d+\.\d+$/);
    });

    it('answers the decision as JSON with dryRun or Accept: application/json: ranked locations with their figures', async () => {
      // A refresh cycle slower than INTENSITY_REFRESH_SECONDS (a loaded machine) leaves a value
      // `stored` for a moment, and the answer says degraded: ask until an answer is from live data.
      let response = await app.http
        .get('/video/abc?service=vod-main&viewerCountry=FR')
        .set('Accept', 'application/json');
      await waitUntil(
        async () => {
          response = await app.http
            .get('/video/abc?service=vod-main&viewerCountry=FR')
            .set('Accept', 'application/json')
            .expect(200);
          return !(response.body as SteeringDecisionDto).degraded;
        },
        20000,
        'an answer from live intensities',
      );
      const decision = response.body as SteeringDecisionDto;
      expect(response.headers['x-decision-id']).toBe(decision.decisionId);
      expect(decision).toMatchObject({ reason: 'cleanest', origin: { originId: 'madrid' }, degraded: false });
      expect(decision.locations.map((location) => location.originId)).toEqual([
        'madrid',
        'paris',
        'frankfurt',
      ]);
      const [madrid, paris] = decision.locations;
      expect(madrid.intensity).toMatchObject({ zone: 'ES', gCo2ePerKwh: 50 });
      expect(madrid.emissionsG as number).toBeCloseTo(((paris.emissionsG as number) * 50) / 100, 9);
      expect(madrid.estimatedRttMs).toBeLessThanOrEqual(80);
      expect(decision.viewer).toMatchObject({ countryCode: 'FR', locatedBy: 'query' });
      // The nearest eligible origin to France's centroid is Paris.
      expect(decision.savings).toMatchObject({ versusOriginId: 'paris', basis: 'nearest-eligible' });
      expect(decision.savings?.percent).toBeCloseTo(50, 6);
    });

    it('locates the viewer by an edge header, then by the client IP, and says how', async () => {
      const byHeader = await app.http
        .get('/video/abc?service=vod-main&dryRun=true')
        .set('CF-IPCountry', 'ES')
        .expect(200);
      expect(byHeader.body.viewer).toMatchObject({ countryCode: 'ES', locatedBy: 'edge-header' });
      // The IP database loads in the background at start-up: wait for it.
      const byIp = await waitUntil(
        async () => {
          const response = await app.http
            .get('/video/abc?service=vod-main&dryRun=true')
            .set('X-Forwarded-For', '8.8.8.8')
            .expect(200);
          return response.body.viewer.locatedBy === 'ip-database' ? response : undefined;
        },
        30000,
        'the IP database',
      );
      expect(byIp.body.viewer).toMatchObject({ countryCode: 'US', locatedBy: 'ip-database' });
      // No origin within 80 ms of the US: the nearest one serves.
      expect(byIp.body.reason).toBe('fallback-nearest');
    });

    it('keeps a session on its origin until a move saves at least the threshold; new sessions go to the new best', async () => {
      const first = await decide(app, 'service=vod-main&viewerCountry=FR&sessionId=sticky-1');
      expect(first.origin.originId).toBe('madrid');
      // Paris becomes the cleanest by 6 %: below the 10 % threshold.
      fake.setIntensity('FR', 47);
      await settled(app, 'vod-main', { FR: 47, DE: 300, ES: 50 });
      const newcomer = await decide(app, 'service=vod-main&viewerCountry=FR&sessionId=fresh-1');
      expect(newcomer).toMatchObject({ origin: { originId: 'paris' }, reason: 'cleanest' });
      const stays = await decide(app, 'service=vod-main&viewerCountry=FR&sessionId=sticky-1');
      expect(stays).toMatchObject({ origin: { originId: 'madrid' }, reason: 'sticky', switchedFrom: null });
      // 20 %: the session moves.
      fake.setIntensity('FR', 40);
      await settled(app, 'vod-main', { FR: 40, DE: 300, ES: 50 });
      const moves = await decide(app, 'service=vod-main&viewerCountry=FR&sessionId=sticky-1');
      expect(moves).toMatchObject({
        origin: { originId: 'paris' },
        reason: 'cleanest',
        switchedFrom: 'madrid',
      });
      fake.setIntensity('FR', 100);
      await settled(app, 'vod-main', { FR: 100, DE: 300, ES: 50 });
    });

    it('sends session N+1 elsewhere when the best origin holds N live sessions, with the reason at-capacity', async () => {
      await createService(app, 'capped', { madrid: 3 });
      for (const session of ['cap-1', 'cap-2', 'cap-3']) {
        expect(
          (await decide(app, `service=capped&viewerCountry=FR&sessionId=${session}`)).origin.originId,
        ).toBe('madrid');
      }
      const fourth = await decide(app, 'service=capped&viewerCountry=FR&sessionId=cap-4');
      expect(fourth).toMatchObject({ reason: 'at-capacity', origin: { originId: 'paris' } });
      expect(fourth.locations.find((location) => location.originId === 'madrid')).toMatchObject({
        status: 'at-capacity',
        liveSessions: 3,
        capacity: 3,
      });
      // A session already counted there keeps its place.
      expect((await decide(app, 'service=capped&viewerCountry=FR&sessionId=cap-2')).origin.originId).toBe(
        'madrid',
      );
    });

    it('answers 503 for a service with no enabled origin, and 4xx naming the field for bad input', async () => {
      await app.http.post('/services').set(asAdmin).send({ id: 'empty', name: 'No origins' }).expect(201);
      expectProblem(await app.http.get('/video/abc?service=empty&viewerCountry=FR'), 503);
      expectProblem(await app.http.get('/video/abc?service=nope&viewerCountry=FR'), 404);
      expectProblem(await app.http.get('/video/abc?service=example&viewerCountry=FR'), 404);
      const cases: [string, string][] = [
        ['/video/abc?service=vod-main&viewerCountry=ZZ', 'viewerCountry'],
        ['/video/abc?service=vod-main&viewerCountry=FRA', 'viewerCountry'],
        ['/video/abc?service=vod-main&viewerLat=48.8', 'viewerLon'],
        ['/video/abc?service=vod-main&viewerLat=95&viewerLon=2', 'viewerLat'],
        [`/video/abc?service=vod-main&viewerCountry=FR&sessionId=${'x'.repeat(129)}`, 'sessionId'],
        ['/video/abc?service=vod-main&viewerCountry=FR&sessionId=a%20b', 'sessionId'],
        ['/video/a%20b?service=vod-main&viewerCountry=FR', 'id'],
        ['/video/abc?service=Vod!&viewerCountry=FR', 'service'],
        ['/video/abc?viewerCountry=FR', 'service'],
        ['/video/abc?service=vod-main&viewerCountry=FR&durationMinutes=0', 'durationMinutes'],
        ['/video/abc?service=vod-main&viewerCountry=FR&path=../etc', 'path'],
        ['/video/abc?service=vod-main&viewerCountry=FR&dryRun=maybe', 'dryRun'],
        ['/video/abc?service=vod-main&viewerCountry=FR&colour=green', 'colour'],
      ];
      for (const [path, field] of cases) {
        const response = await app.http.get(path);
        expect([path, response.status]).toEqual([path, 400]);
        expectProblemNaming(response, field);
      }
    });
  });

  describe('GET /decisions', () => {
    it('exports every decision as JSON lines and CSV, paged with a cursor', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      const ids: string[] = [];
      for (let index = 0; index < 30; index++) {
        const response = await app.http
          .get(`/video/v${index}?service=vod-main&viewerCountry=FR&sessionId=export-${index}`)
          .expect(302);
        ids.push(response.headers['x-decision-id'] as string);
      }
      await app.app.get(DecisionLogWriter).flush();
      const to = new Date(Date.now() + 1000).toISOString();
      await app.http.get(`/decisions?from=${from}&to=${to}`).expect(401);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await app.http
          .get(
            `/decisions?from=${from}&to=${to}&service=vod-main&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
          )
          .set(asAnalyst)
          .set('Accept', 'application/x-ndjson')
          .expect(200);
        expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
        const lines = response.text
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line) => JSON.parse(line));
        for (const line of lines) seen.push(line.decisionId);
        cursor = response.headers['x-next-cursor'] as string | undefined;
      } while (cursor);
      expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      const csv = await app.http
        .get(`/decisions?from=${from}&to=${to}&service=vod-main`)
        .set(asAnalyst)
        .set('Accept', 'text/csv')
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = csv.text.trim().split('\r\n');
      expect(header.split(',')).toEqual(
        expect.arrayContaining(['decisionId', 'originId', 'reason', 'candidates']),
      );
      expect(rows.length).toBeGreaterThanOrEqual(ids.length);
      const first = await app.http
        .get(`/decisions?from=${from}&to=${to}&service=vod-main&limit=1`)
        .set(asAnalyst)
        .expect(200);
      const decision = JSON.parse(first.text.trim());
      expect(decision).toMatchObject({
        service: 'vod-main',
        locatedBy: 'query',
        viewerCountry: 'FR',
        channel: 'video',
      });
      expect(decision.sessionHash).toMatch(/^[0-9a-f]{32}$/);
      expect(decision.candidates).toHaveLength(3);
      expect(decision.candidates[0]).toMatchObject({ status: 'chosen', intensitySource: expect.any(String) });
      expectProblemNaming(await app.http.get('/decisions?cursor=bm90LWEtY3Vyc29y').set(asAnalyst), 'cursor');
      expectProblemNaming(await app.http.get(`/decisions?from=${to}&to=${from}`).set(asAnalyst), 'to');
    });
  });
});
