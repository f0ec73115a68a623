import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DecisionLogWriter } from '../../src/steering/jobs/decision-log-writer.js';
import { MS_PER_DAY } from '../../src/platform/kernel/time.js';
import { dayPartition } from '../../src/steering/domain/day-partitions.js';
import { DecisionPartitionMaintenance } from '../../src/steering/jobs/decision-partitions.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { expectProblemNaming } from '../support/assertions.js';
import { liveEnv } from '../support/live-env.js';
import { asAdmin, asAnalyst, startTestApp, TestApp } from '../support/test-app.js';

/** Answers `count` GET /video requests, `concurrency` at a time, through Fastify's inject; the status and decision id of each. */
async function steerMany(
  app: NestFastifyApplication,
  count: number,
  concurrency: number,
): Promise<{ statuses: Map<number, number>; decisionIds: string[] }> {
  const statuses = new Map<number, number>();
  const decisionIds: string[] = [];
  let next = 0;
  const fastify = app.getHttpAdapter().getInstance();
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      const response = await fastify.inject({
        method: 'GET',
        url: `/video/video-${index % 97}?service=load&viewerCountry=FR&sessionId=load-${index}`,
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const id = response.headers['x-decision-id'];
      if (typeof id === 'string') decisionIds.push(id);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return { statuses, decisionIds };
}

async function createLoadService(app: TestApp): Promise<void> {
  await app.http.post('/services').set(asAdmin).send({ id: 'load', name: 'Load' }).expect(201);
  for (const [id, region] of [
    ['paris', 'aws:eu-west-3'],
    ['frankfurt', 'aws:eu-central-1'],
  ]) {
    await app.http
      .post('/services/load/origins')
      .set(asAdmin)
      .send({ id, region, urlTemplate: `https://${id}.cdn.test/{videoId}` })
      .expect(201);
  }
}

/** A value of a Prometheus series in the text format, or undefined. */
function metric(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** RFC 4180 rows (quoted fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += character;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('steering decision log under load (e2e)', () => {
  describe('with room in the queue', () => {
    let fake: FakeElectricityMaps;
    let app: TestApp;

    beforeAll(async () => {
      fake = await FakeElectricityMaps.start();
      app = await startTestApp({ env: liveEnv(fake, { STEERING_DECISION_FLUSH_MS: '200' }) });
      await createLoadService(app);
    });

    afterAll(async () => {
      await app.close();
      await fake.stop();
    });

    it('logs all of 10,000 decisions made 50 at a time; the export parses as JSON lines and as CSV', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      const { statuses, decisionIds } = await steerMany(app.app, 10_000, 50);
      expect([...statuses]).toEqual([[302, 10_000]]);
      await app.app.get(DecisionLogWriter).flush();
      const to = new Date(Date.now() + 1000).toISOString();

      const exported = new Set<string>();
      const liveSessionsSeen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await app.http
          .get(`/decisions?from=${from}&to=${to}&limit=4000${cursor ? `&cursor=${cursor}` : ''}`)
          .set(asAnalyst)
          .set('Accept', 'application/x-ndjson')
          .expect(200);
        for (const line of response.text.split('\n')) {
          if (line.length === 0) continue;
          const decision = JSON.parse(line) as {
            decisionId: string;
            originId: string;
            candidates: { originId: string; status: string; rttSource: string; liveSessions: number }[];
          };
          expect(decision.candidates).toHaveLength(2);
          expect(decision.candidates[0]).toMatchObject({ originId: decision.originId, status: 'chosen' });
          liveSessionsSeen.push(
            `${decision.candidates[0].liveSessions},${decision.candidates[1].liveSessions}`,
          );
          // No samples in this run: every round trip comes from the distance model.
          expect(decision.candidates.map((candidate) => candidate.rttSource)).toEqual(['model', 'model']);
          exported.add(decision.decisionId);
        }
        cursor = response.headers['x-next-cursor'] as string | undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(exported.size).toBe(10_000);
      expect(decisionIds.every((id) => exported.has(id))).toBe(true);

      const csv = await app.http
        .get(`/decisions?from=${from}&to=${to}&limit=10000`)
        .set(asAnalyst)
        .set('Accept', 'text/csv')
        .expect(200);
      const [header, ...rows] = parseCsv(csv.text);
      expect(rows).toHaveLength(10_000);
      const idColumn = header.indexOf('decisionId');
      const candidatesColumn = header.indexOf('candidates');
      expect(new Set(rows.map((row) => row[idColumn]))).toEqual(exported);
      for (const row of rows.slice(0, 100)) {
        expect(row).toHaveLength(header.length);
        expect(JSON.parse(row[candidatesColumn])).toHaveLength(2);
      }
      // Stored as arrays of values (half the bytes), exported as named objects.
      expect(JSON.parse(rows[0][candidatesColumn])[0]).toEqual(
        expect.objectContaining({
          originId: expect.any(String),
          regionId: expect.any(String),
          rttSource: 'model',
        }),
      );
      // Candidates stored once per set: each row names its set and gives its live sessions.
      const dataSource = app.app.get(DataSource);
      const [stored] = (await dataSource.query(
        `SELECT candidates, candidate_set, live_sessions FROM steering_decisions WHERE decision_id = $1`,
        [decisionIds[0]],
      )) as { candidates: unknown; candidate_set: string; live_sessions: number[] }[];
      expect(stored.candidates).toBeNull();
      expect(stored.candidate_set).toMatch(/^[0-9a-f]{32}$/);
      expect(stored.live_sessions).toHaveLength(2);
      const [counts] = (await dataSource.query(
        `SELECT count(DISTINCT d.candidate_set)::int AS named,
                count(*) FILTER (WHERE s.set_id IS NULL)::int AS dangling
           FROM steering_decisions d LEFT JOIN steering_candidate_sets s ON s.set_id = d.candidate_set
          WHERE d.decided_at >= $1 AND d.service_id = 'load'`,
        [from],
      )) as { named: number; dangling: number }[];
      expect(counts.dangling).toBe(0);
      // Two origins, each chosen with the other eligible: a handful of sets for 10,000 decisions.
      expect(counts.named).toBeGreaterThanOrEqual(1);
      expect(counts.named).toBeLessThanOrEqual(10);
      const [set] = (await dataSource.query(
        `SELECT candidates::text AS candidates FROM steering_candidate_sets WHERE set_id = $1`,
        [stored.candidate_set],
      )) as { candidates: string }[];
      expect(set.candidates.startsWith('[["')).toBe(true);
      // Every new session adds to an origin's live sessions: the export gives each decision its own.
      expect(new Set(liveSessionsSeen).size).toBeGreaterThan(1000);

      const metrics = (await app.http.get('/metrics').expect(200)).text;
      expect(metric(metrics, 'greenstream_steering_decision_log_written_total')).toBeGreaterThanOrEqual(
        10_000,
      );
      expect(metric(metrics, 'greenstream_steering_decision_log_dropped_total')).toBe(0);
    });

    it('exports the candidates a decision answered, each with its own live sessions', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      const answers: { decisionId: string; locations: Record<string, unknown>[] }[] = [];
      for (const session of ['round-trip-1', 'round-trip-2', 'round-trip-3']) {
        const response = await app.http
          .get(`/video/abc?service=load&viewerCountry=DE&sessionId=${session}`)
          .set('Accept', 'application/json')
          .expect(200);
        answers.push(response.body as { decisionId: string; locations: Record<string, unknown>[] });
      }
      await app.app.get(DecisionLogWriter).flush();
      const to = new Date(Date.now() + 1000).toISOString();
      const response = await app.http
        .get(`/decisions?from=${from}&to=${to}&service=load&limit=50000`)
        .set(asAnalyst)
        .expect(200);
      const exported = new Map<string, { candidates: Record<string, unknown>[] }>();
      for (const line of response.text.split('\n')) {
        if (line.length === 0) continue;
        const decision = JSON.parse(line) as { decisionId: string; candidates: Record<string, unknown>[] };
        exported.set(decision.decisionId, decision);
      }
      // Each new session adds one to the live sessions of the origins: every decision has its own.
      const totals = answers.map((answer) =>
        answer.locations.reduce((sum, location) => sum + (location.liveSessions as number), 0),
      );
      expect(totals[1]).toBe(totals[0] + 1);
      expect(totals[2]).toBe(totals[1] + 1);
      for (const answer of answers) {
        const candidates = exported.get(answer.decisionId)?.candidates;
        expect(candidates).toHaveLength(answer.locations.length);
        answer.locations.forEach((location, index) => {
          const candidate = (candidates as Record<string, unknown>[])[index];
          const intensity = location.intensity as {
            zone: string;
            gCo2ePerKwh: number;
            source: string;
          } | null;
          expect(candidate).toMatchObject({
            originId: location.originId,
            regionId: location.regionId,
            pathway: location.pathway,
            status: location.status,
            zone: intensity?.zone ?? null,
            intensitySource: intensity?.source ?? null,
            rttSource: location.rttSource,
            liveSessions: location.liveSessions,
            capacity: location.capacity,
          });
          // The answer rounds by unit (docs/API-NUMBERS.md); the log keeps the exact values.
          for (const [field, answered] of [
            ['gCo2ePerKwh', intensity?.gCo2ePerKwh ?? null],
            ['estimatedRttMs', location.estimatedRttMs],
            ['distanceKm', location.distanceKm],
            ['emissionsG', location.emissionsG],
          ] as const) {
            if (answered === null) expect(candidate[field]).toBeNull();
            else
              expect(Math.abs((candidate[field] as number) - (answered as number))).toBeLessThanOrEqual(
                Math.abs(answered as number) * 1e-3 + 1e-9,
              );
          }
        });
      }
    });

    it('stores the candidate sets of a batch the database refused with the next batch', async () => {
      const dataSource = app.app.get(DataSource);
      const writer = app.app.get(DecisionLogWriter);
      const steer = async (prefix: string): Promise<string[]> => {
        const ids: string[] = [];
        for (let index = 0; index < 20; index++) {
          const response = await app.http
            .get(`/video/abc?service=load&viewerCountry=JP&sessionId=${prefix}-${index}`)
            .expect(302);
          ids.push(response.headers['x-decision-id'] as string);
        }
        return ids;
      };
      const dropped = async (): Promise<number> =>
        metric(
          (await app.http.get('/metrics').expect(200)).text,
          'greenstream_steering_decision_log_dropped_total',
        ) as number;
      /** Flushes (the periodic writer may hold a batch too) until `done`, for up to 10 s. */
      const flushUntil = async (done: () => Promise<boolean>): Promise<void> => {
        const deadline = Date.now() + 10_000;
        do {
          await writer.flush();
          if (await done()) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        } while (Date.now() < deadline);
        throw new Error('the decision log did not settle within 10 s');
      };
      const setCount = async (): Promise<number> =>
        (
          (await dataSource.query(`SELECT count(*)::int AS count FROM steering_candidate_sets`)) as {
            count: number;
          }[]
        )[0].count;
      const setsBefore = await setCount();
      const droppedBefore = await dropped();
      // A viewer no earlier test placed: a set of candidates not stored yet, in a batch that fails.
      await dataSource.query(`ALTER TABLE steering_candidate_sets RENAME TO steering_candidate_sets_away`);
      try {
        await steer('refused');
        await flushUntil(async () => (await dropped()) - droppedBefore >= 20);
      } finally {
        await dataSource.query(`ALTER TABLE steering_candidate_sets_away RENAME TO steering_candidate_sets`);
      }
      expect((await dropped()) - droppedBefore).toBe(20);
      // The refused set is stored at the next flush, even with no decision to go with it.
      await flushUntil(async () => (await setCount()) > setsBefore);

      // The same set, named by the next decisions, goes with their batch.
      const stored = await steer('after');
      const rowsOf = async (): Promise<{ decision_id: string; set_id: string | null }[]> =>
        (await dataSource.query(
          `SELECT d.decision_id, s.set_id FROM steering_decisions d
             LEFT JOIN steering_candidate_sets s ON s.set_id = d.candidate_set
            WHERE d.decision_id = ANY($1::uuid[])`,
          [stored],
        )) as { decision_id: string; set_id: string | null }[];
      await flushUntil(async () => (await rowsOf()).length === 20);
      expect((await rowsOf()).every((row) => row.set_id !== null)).toBe(true);
    });

    it('exports a row stored before the candidates became arrays as it was stored', async () => {
      const dataSource = app.app.get(DataSource);
      const decidedAt = new Date(Date.now() - 60_000);
      const legacy = [{ originId: 'paris', regionId: 'aws:eu-west-3', pathway: 'paris', status: 'chosen' }];
      await dataSource.query(
        `INSERT INTO steering_decisions (decided_at, decision_id, service_id, video_id, session_hash, is_new_session,
           located_by, origin_id, region_id, pathway, reason, model, degraded, channel, instance_id, candidates)
         VALUES ($1, '00000000-0000-4000-8000-000000000001', 'legacy', 'abc', 'legacy-session', true,
           'query', 'paris', 'aws:eu-west-3', 'paris', 'cleanest', '1byte', false, 'video', 'host-1', $2)`,
        [decidedAt, JSON.stringify(legacy)],
      );
      const response = await app.http
        .get(
          `/decisions?from=${new Date(decidedAt.getTime() - 1000).toISOString()}&to=${new Date(decidedAt.getTime() + 1000).toISOString()}&service=legacy`,
        )
        .set(asAnalyst)
        .expect(200);
      expect(JSON.parse(response.text.trim()).candidates).toEqual(legacy);
    });

    it('drops the days past retention with the session measures and candidate sets of those days, and keeps the rest', async () => {
      const dataSource = app.app.get(DataSource);
      const now = new Date();
      const old = new Date(now.getTime() - 40 * MS_PER_DAY); // past the default 30 days
      const recent = new Date(now.getTime() - MS_PER_DAY);
      const oldDay = dayPartition(old);
      await dataSource.query(
        `INSERT INTO steering_session_measures (measured_at, session_hash, service_id, region_id, rtt_ms, throughput_bps)
         VALUES ($1, 'retention-old', 'load', 'aws:eu-west-3', 30, NULL), ($2, 'retention-new', 'load', 'aws:eu-west-3', NULL, 5e6)`,
        [old, recent],
      );
      await dataSource.query(
        `INSERT INTO steering_candidate_sets (set_id, day, candidates)
         VALUES ('retention-old', $1::date, '[]'), ('retention-new', $2::date, '[]')`,
        [old.toISOString().slice(0, 10), recent.toISOString().slice(0, 10)],
      );
      await dataSource.query(
        `CREATE TABLE "${oldDay.name}" PARTITION OF steering_decisions
         FOR VALUES FROM ('${oldDay.from.toISOString()}') TO ('${oldDay.to.toISOString()}')`,
      );
      const { dropped } = await app.app.get(DecisionPartitionMaintenance).run(now);
      expect(dropped).toEqual([oldDay.name]);
      const left = (await dataSource.query(
        `SELECT session_hash FROM steering_session_measures WHERE session_hash LIKE 'retention-%'`,
      )) as { session_hash: string }[];
      expect(left.map((row) => row.session_hash)).toEqual(['retention-new']);
      const sets = (await dataSource.query(
        `SELECT set_id FROM steering_candidate_sets WHERE set_id LIKE 'retention-%'`,
      )) as { set_id: string }[];
      expect(sets.map((row) => row.set_id)).toEqual(['retention-new']);
    });

    it('refuses instants that are no PostgreSQL timestamp with a 400 naming the field (a fuzz finding)', async () => {
      for (const [query, field] of [
        ['from=-225195-10-24T02:17:10.726Z', 'from'],
        ['from=0000-01-01T00:00:00Z', 'from'],
        ['to=+010000-01-01T00:00:00Z', 'to'],
      ] as const) {
        const response = await app.http.get(`/decisions?${query}`).set(asAnalyst).expect(400);
        expectProblemNaming(response, field);
      }
      await app.http.get('/decisions?from=1970-01-01T00:00:00Z').set(asAnalyst).expect(200);
    });
  });

  describe('with the queue forced full and Electricity Maps down', () => {
    let fake: FakeElectricityMaps;
    let app: TestApp;

    beforeAll(async () => {
      fake = await FakeElectricityMaps.start();
      // A queue of 100 written once a minute: after 100 decisions it stays full.
      app = await startTestApp({
        env: liveEnv(fake, { STEERING_DECISION_QUEUE_SIZE: '100', STEERING_DECISION_FLUSH_MS: '60000' }),
      });
      await createLoadService(app);
    });

    afterAll(async () => {
      await app.close();
      await fake.stop();
    });

    it('keeps answering every request, drops the decisions that do not fit and counts them', async () => {
      await fake.setFault('server-error');
      const { statuses } = await steerMany(app.app, 1000, 20);
      // Every request answered its 302: none waited on the full log or on Electricity Maps.
      expect([...statuses]).toEqual([[302, 1000]]);
      const decision = await app.http.get('/video/x?service=load&viewerCountry=FR&dryRun=true').expect(200);
      expect(decision.body.origin.originId).toMatch(/^(paris|frankfurt)$/);
      const metrics = (await app.http.get('/metrics').expect(200)).text;
      expect(metric(metrics, 'greenstream_steering_decision_log_queue_depth')).toBe(100);
      expect(metric(metrics, 'greenstream_steering_decision_log_dropped_total')).toBe(901);
      expect(metric(metrics, 'greenstream_steering_decision_log_written_total')).toBe(0);
      expect(metrics).toMatch(
        /greenstream_steering_decisions_total\{service="load",origin="\w+",reason="\w+",channel="video"\} \d+/,
      );
    });
  });
});
