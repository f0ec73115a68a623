import { DataSource } from 'typeorm';
import { IntensityRefresherService } from '../../src/intensity/jobs/intensity-refresher.service.js';
import { pgPool } from '../../src/platform/database/pg-sessions.js';
import { EventBus } from '../../src/platform/events/event-bus.js';
import {
  RECOMMENDATION_SERVED,
  type ServedRecommendation,
} from '../../src/recommendation/recommendation.events.js';
import type {
  BestWindowDto,
  CandidateDto,
  RecommendationDto,
} from '../../src/recommendation/contract/recommendation.dto.js';
import { MS_PER_HOUR as HOUR_MS } from '../../src/platform/kernel/time.js';
import { TIE_TOLERANCE } from '../../src/recommendation/domain/scoring.js';
import {
  expectProblemNaming,
  expectRelative,
  expectRounded,
  ROUNDED_RELATIVE,
} from '../support/assertions.js';
import { liveEnv } from '../support/live-env.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { asAdmin, startTestApp, TestApp } from '../support/test-app.js';
import { currentHour } from '../support/time.js';
import { waitUntil } from '../support/wait.js';

/** The background refresh runs every ~1.7 s, so scripted intensities reach the snapshot quickly. */
function suiteEnv(fake: FakeElectricityMaps, overrides: Record<string, string> = {}) {
  return liveEnv(fake, {
    ELECTRICITY_MAPS_TIMEOUT_MS: '500',
    INTENSITY_REFRESH_SECONDS: '5',
    ...overrides,
  });
}

/** FR and the zones of the regions in FR's neighbours (BE, CH, DE, ES, GB, IT), and NL (not a neighbour). */
const FR_AND_NEIGHBOUR_ZONES = ['FR', 'BE', 'CH', 'DE', 'ES', 'GB', 'IT-NO'];

async function recommend(app: TestApp, query: string): Promise<RecommendationDto> {
  const response = await app.http.get(`/recommend?${query}`);
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as RecommendationDto;
}

/** Polls until every candidate of these zones is valued at the scripted window average. */
async function recommendOnceScripted(
  app: TestApp,
  query: string,
  expected: Record<string, number>,
): Promise<RecommendationDto> {
  return waitUntil(
    async () => {
      const body = await recommend(app, `${query}&limit=200`);
      const isSettled = Object.entries(expected).every(([zone, value]) =>
        body.candidates
          .filter((candidate) => candidate.zone === zone)
          .every((candidate) => Math.abs(candidate.intensity.gCo2ePerKwh - value) < 1e-9),
      );
      return isSettled ? body : undefined;
    },
    20000,
    `scripted intensities ${JSON.stringify(expected)}`,
  );
}

describe('GET /recommend with a live Electricity Maps link (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    app = await startTestApp({ env: suiteEnv(fake) });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  beforeEach(() => fake.clearIntensities());

  it('serves a viewer in FR from the cleanest zone among FR and its neighbours, not from cleaner NL', async () => {
    const scripted = { FR: 100, BE: 80, CH: 150, DE: 300, ES: 60, GB: 200, 'IT-NO': 200, NL: 5 };
    for (const [zone, value] of Object.entries(scripted)) fake.setIntensity(zone, value);
    const body = await recommendOnceScripted(app, 'viewerCountry=FR&durationMinutes=60', scripted);
    expect(body.recommendation.zone).toBe('ES');
    expect(body.recommendation.countryCode).toBe('ES');
    expect(body.candidates.every((candidate) => candidate.zone !== 'NL')).toBe(true);
    const countries = new Set(body.candidates.map((candidate) => candidate.countryCode));
    for (const country of countries) expect(['FR', 'BE', 'CH', 'DE', 'ES', 'GB', 'IT']).toContain(country);
    expect(body.excluded).toEqual(
      expect.arrayContaining([
        { regionId: 'azure:westeurope', reason: 'not in FR or a neighbouring country' },
        { regionId: 'gcp:europe-west4', reason: 'not in FR or a neighbouring country' },
        { regionId: 'azure:francesouth', reason: 'restricted access (by provider approval only)' },
        { regionId: 'aws:eu-south-2', reason: 'opt-in region: add includeOptIn=true to consider it' },
      ]),
    );
    // Every eligible region is either a candidate or, as the catalogue holds 136, excluded.
    expect(body.eligibleCount + body.excluded.length).toBe(136);

    // Scripting Belgium cleaner changes the answer.
    fake.setIntensity('BE', 20);
    const after = await recommendOnceScripted(app, 'viewerCountry=FR&durationMinutes=60', {
      ...scripted,
      BE: 20,
    });
    expect(after.recommendation.zone).toBe('BE');
  });

  it('scores each candidate: data-centre energy × window intensity, egress cost, and the ranking by emissions', async () => {
    const scripted = { FR: 100, BE: 80, CH: 150, DE: 300, ES: 60, GB: 200, 'IT-NO': 200 };
    for (const [zone, value] of Object.entries(scripted)) fake.setIntensity(zone, value);
    const body = await recommendOnceScripted(app, 'viewerCountry=FR&durationMinutes=60', scripted);
    for (const candidate of body.candidates) {
      // 1byte: 3 GB × 0.072 kWh/GB; its figure already includes facility overheads (PUE recorded).
      expectRelative(candidate.dataCentreEnergyKwh, 0.216);
      expectRelative(candidate.emissionsG, 0.216 * scripted[candidate.zone as keyof typeof scripted]);
      expect(candidate.score).toBe(candidate.emissionsG);
      if (candidate.egressUsdPerGb !== null)
        expectRelative(candidate.costUsd as number, 3 * candidate.egressUsdPerGb);
      // Measured or forecast values (a live value older than the refresh period counts as stored).
      expect(
        candidate.intensity.sources.every((source) => ['live', 'forecast', 'stored'].includes(source)),
      ).toBe(true);
    }
    const scores = body.candidates.map((candidate) => candidate.emissionsG);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    // Saving against the nearest eligible region (by distance; ties by RTT, then id).
    const nearest = [...body.candidates].sort(
      (a, b) =>
        a.distanceKm - b.distanceKm ||
        a.estimatedRttMs - b.estimatedRttMs ||
        (a.regionId < b.regionId ? -1 : 1),
    )[0];
    expect(body.savings.versusRegionId).toBe(nearest.regionId);
    expect(body.savings.basis).toBe('nearest');
    expectRelative(body.savings.emissionsG, nearest.emissionsG - body.recommendation.emissionsG);
    expectRelative(body.savings.percent, (body.savings.emissionsG / nearest.emissionsG) * 100);
    // The two ES regions emit the same: a close call.
    expect(body.closeCall).toBe(true);
    // Pareto front: nothing on it is beaten on both axes by any candidate.
    for (const id of body.paretoFront) {
      const point = body.candidates.find((candidate) => candidate.regionId === id) as CandidateDto;
      const dominated = body.candidates.some(
        (other) =>
          other.emissionsG <= point.emissionsG &&
          (other.costUsd as number) <= (point.costUsd as number) &&
          (other.emissionsG < point.emissionsG || (other.costUsd as number) < (point.costUsd as number)),
      );
      expect(dominated).toBe(false);
    }
    expect(body.paretoFront.length).toBeGreaterThan(0);
    // limit: the first 5 by default.
    expect((await recommend(app, 'viewerCountry=FR&durationMinutes=60')).candidates).toHaveLength(5);
  });

  it('uses the forecast over the video: clean next hour but dirty after wins for 60 minutes, loses for 120', async () => {
    const cleanHour = currentHour().getTime() + 2 * HOUR_MS;
    fake.setIntensity('ES', (hour) =>
      hour.getTime() === cleanHour ? 10 : hour.getTime() === cleanHour + HOUR_MS ? 500 : 300,
    );
    fake.setIntensity('FR', 100);
    for (const zone of ['BE', 'CH', 'DE', 'GB', 'IT-NO']) fake.setIntensity(zone, 300);
    const startAt = new Date(cleanHour).toISOString();
    const others = { FR: 100, BE: 300, CH: 300, DE: 300, GB: 300, 'IT-NO': 300 };
    const short = await recommendOnceScripted(app, `viewerCountry=FR&durationMinutes=60&startAt=${startAt}`, {
      ES: 10,
      ...others,
    });
    expect(short.recommendation.zone).toBe('ES');
    expect(short.recommendation.intensity.sources).toEqual(['forecast']);
    // Every window is in the forecast hours: nothing degraded.
    expect(short.degraded).toBe(false);
    expect(short.window).toEqual({ startAt, endAt: new Date(cleanHour + HOUR_MS).toISOString() });
    const long = await recommendOnceScripted(app, `viewerCountry=FR&durationMinutes=120&startAt=${startAt}`, {
      ES: 255,
      ...others,
    });
    expect(long.recommendation.zone).toBe('FR');
    const spain = long.candidates.find((candidate) => candidate.zone === 'ES') as CandidateDto;
    expect(spain.intensity.gCo2ePerKwh).toBeCloseTo((10 + 500) / 2, 9);
  });

  it('eligibility=latency&maxLatencyMs=80 from FR admits NL, excludes aws:us-east-1, keeps every RTT within budget', async () => {
    const body = await recommend(
      app,
      'viewerCountry=FR&durationMinutes=60&eligibility=latency&maxLatencyMs=80&limit=200',
    );
    expect(body.candidates.some((candidate) => candidate.countryCode === 'NL')).toBe(true);
    expect(body.candidates.some((candidate) => candidate.regionId === 'aws:us-east-1')).toBe(false);
    const usEast = body.excluded.find((entry) => entry.regionId === 'aws:us-east-1');
    expect(usEast?.reason).toMatch(/^estimated RTT \d+(\.\d)? ms exceeds maxLatencyMs=80$/);
    for (const candidate of body.candidates) expect(candidate.estimatedRttMs).toBeLessThanOrEqual(80);
    expect(body.candidates).toHaveLength(body.eligibleCount);
    // Measured links refine the distance model: over a transatlantic budget some regions are reached
    // faster than the model alone says (5 ms + 1.6 ms per 100 km + 15 ms access), through a nearer region.
    const wide = await recommend(
      app,
      'viewerCountry=FR&durationMinutes=60&eligibility=latency&maxLatencyMs=300&limit=200',
    );
    expect(wide.eligibleCount).toBeGreaterThan(100);
    const refined = wide.candidates.filter(
      (candidate) => candidate.estimatedRttMs < 20 + (1.6 * candidate.distanceKm) / 100 - 0.1,
    );
    expect(refined.length).toBeGreaterThan(0);
    // A tighter budget admits fewer regions.
    const tight = await recommend(
      app,
      'viewerCountry=FR&durationMinutes=60&eligibility=latency&maxLatencyMs=27&limit=200',
    );
    expect(tight.eligibleCount).toBeLessThan(body.eligibleCount);
    for (const candidate of tight.candidates) expect(candidate.estimatedRttMs).toBeLessThanOrEqual(27);
  });

  it('offers a viewer in JP the KR regions (sea neighbour); costWeight=1 picks the cheapest candidate', async () => {
    const scripted = { KR: 10, 'JP-TK': 400, 'JP-KN': 400 };
    for (const [zone, value] of Object.entries(scripted)) fake.setIntensity(zone, value);
    const body = await recommendOnceScripted(app, 'viewerCountry=JP&durationMinutes=60', scripted);
    expect(new Set(body.candidates.map((candidate) => candidate.countryCode))).toEqual(new Set(['JP', 'KR']));
    expect(body.recommendation.countryCode).toBe('KR');
    const cheap = await recommend(app, 'viewerCountry=JP&durationMinutes=60&costWeight=1&limit=200');
    const cheapest = Math.min(...cheap.candidates.map((candidate) => candidate.costUsd as number));
    expect(cheap.recommendation.costUsd).toBe(cheapest);
    // GCP Tokyo and Osaka egress at $0.085/GB: cost overrides the cleaner Korean grid.
    expect(cheap.recommendation.countryCode).toBe('JP');
    expect(cheap.recommendation.costUsd).toBeCloseTo(3 * 0.085, 12);
    expect(cheap.ranking).toEqual({ by: 'cost-weight', carbonPriceUsdPerTonne: null, costWeight: 1 });
  });

  it('ranks by cost plus priced carbon with carbonPriceUsdPerTonne', async () => {
    const body = await recommend(
      app,
      'viewerCountry=FR&durationMinutes=60&carbonPriceUsdPerTonne=100000&limit=200',
    );
    for (const candidate of body.candidates) {
      // emissionsG is rounded to 4 significant digits, the score to 6 (docs/API-NUMBERS.md).
      expectRelative(
        candidate.score,
        (candidate.costUsd as number) + (candidate.emissionsG * 100000) / 1e6,
        ROUNDED_RELATIVE,
      );
    }
    // Ascending; scores within TIE_TOLERANCE of each other (float noise of the same sum) are ties,
    // which the ranking breaks by latency, distance and id instead.
    const scores: number[] = body.candidates.map((candidate) => candidate.score);
    scores.slice(1).forEach((score, index) => {
      const previous = scores[index]!;
      expect(previous - score).toBeLessThanOrEqual(TIE_TOLERANCE * Math.max(previous, score));
    });
  });

  it('answers 422 problem+json saying why when no region is eligible (a viewer in AQ)', async () => {
    // The default rule falls back to latency: still nothing within 80 ms of Antarctica.
    const fallback = await app.http.get('/recommend?viewerCountry=AQ&durationMinutes=60').expect(422);
    expect(fallback.body.detail).toMatch(/^No eligible region for a viewer in AQ with eligibility=latency/);
    const response = await app.http
      .get('/recommend?viewerCountry=AQ&durationMinutes=60&eligibility=neighbours')
      .expect(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(
      /^No eligible region for a viewer in AQ with eligibility=neighbours/,
    );
    expect(response.body.detail).toContain('AQ has no land or sea neighbour');
    expect(response.body.reasons[0]).toEqual({
      reason: 'not in AQ (AQ has no land or sea neighbour)',
      regions: expect.any(Number),
    });
    const latency = await app.http
      .get('/recommend?viewerCountry=AQ&durationMinutes=60&eligibility=latency')
      .expect(422);
    expect(latency.body.detail).toContain('estimated RTT above maxLatencyMs=80');
  });

  it('places the viewer by coordinates or by zone; coordinates alone serve latency eligibility', async () => {
    const byCoordinates = await recommend(
      app,
      'viewerLat=52.37&viewerLon=4.9&durationMinutes=60&eligibility=latency&maxLatencyMs=40&limit=200',
    );
    expect(byCoordinates.viewer).toMatchObject({
      countryCode: null,
      locatedBy: 'coordinates',
      latitude: 52.37,
    });
    expect(byCoordinates.candidates.some((candidate) => candidate.countryCode === 'NL')).toBe(true);
    const withCountry = await recommend(
      app,
      'viewerLat=52.37&viewerLon=4.9&viewerCountry=NL&durationMinutes=60',
    );
    expect(withCountry.viewer).toMatchObject({ countryCode: 'NL', locatedBy: 'coordinates' });
    const byZone = await recommend(app, 'viewerZone=JP-KN&durationMinutes=60&limit=200');
    expect(byZone.viewer).toMatchObject({ countryCode: 'JP', locatedBy: 'zone-regions' });
    expect(byZone.candidates.some((candidate) => candidate.countryCode === 'KR')).toBe(true);
  });

  it('follows catalogue changes: a disabled region is excluded, a new one is a candidate', async () => {
    const before = await recommend(app, 'viewerCountry=FR&durationMinutes=60&limit=200');
    expect(before.candidates.some((candidate) => candidate.regionId === 'gcp:europe-west9')).toBe(true);
    await app.http.patch('/regions/gcp:europe-west9').set(asAdmin).send({ enabled: false }).expect(200);
    try {
      const disabled = await recommend(app, 'viewerCountry=FR&durationMinutes=60&limit=200');
      expect(disabled.candidates.some((candidate) => candidate.regionId === 'gcp:europe-west9')).toBe(false);
      expect(disabled.excluded).toContainEqual({ regionId: 'gcp:europe-west9', reason: 'disabled' });
    } finally {
      await app.http.patch('/regions/gcp:europe-west9').set(asAdmin).send({ enabled: true }).expect(200);
    }
    const after = await recommend(app, 'viewerCountry=FR&durationMinutes=60&limit=200');
    expect(after.candidates.some((candidate) => candidate.regionId === 'gcp:europe-west9')).toBe(true);
  });

  it('tells observers the model and the grams avoided of every served answer', async () => {
    const served: ServedRecommendation[] = [];
    app.app.get(EventBus).on(RECOMMENDATION_SERVED, (entry) => served.push(entry));
    const body = await recommend(app, 'viewerCountry=DE&durationMinutes=45&model=swd-v4');
    expect(served).toEqual([
      {
        model: 'swd-v4',
        eligibility: 'neighbours',
        regionId: body.recommendation.regionId,
        versusRegionId: body.savings.versusRegionId,
        gramsAvoided: expect.any(Number),
      },
    ]);
    // Observers (the metrics) get the exact grams; the answer writes them rounded.
    expectRounded(body.savings.emissionsG, served[0]!.gramsAvoided, 'g');
  });

  it('finds the best start for work that can wait, and the saving against starting now', async () => {
    // Three hours ahead, so that the hour may turn during the test without a window starting now
    // (or the hour before the clean one) reaching it.
    const cleanHour = currentHour().getTime() + 3 * HOUR_MS;
    fake.setIntensity('ES', (hour) =>
      hour.getTime() === cleanHour ? 10 : hour.getTime() === cleanHour + HOUR_MS ? 500 : 300,
    );
    const hour = await waitUntil(
      async () => {
        const body: BestWindowDto = (
          await app.http.get('/recommend/window?zone=ES&durationMinutes=60&within=24h').expect(200)
        ).body;
        // The start too: an earlier test scripted a clean hour 10 at another hour, and the forecast
        // may still hold it until the next refresh.
        return body.best.intensity.gCo2ePerKwh === 10 &&
          body.now.intensity.gCo2ePerKwh === 300 &&
          body.best.startAt === new Date(cleanHour).toISOString()
          ? body
          : undefined;
      },
      20000,
      'the scripted ES forecast',
    );
    expect(hour.best.startAt).toBe(new Date(cleanHour).toISOString());
    expect(hour.saving.gCo2ePerKwh).toBeCloseTo(290, 9);
    // 96.666…% written to 2 decimals (docs/API-NUMBERS.md).
    expectRounded(hour.saving.percent, (290 / 300) * 100, 'percent');
    expect(hour.saving.percent).toBe(96.67);
    expect(hour.waitMinutes).toBeGreaterThan(60);
    expect(hour.best.intensity.sources).toEqual(['forecast']);
    // Two hours: straddling the clean hour with the hour before, (300 + 10) / 2, beats straddling the dirty one.
    const twoHours: BestWindowDto = (
      await app.http.get('/recommend/window?region=azure:spaincentral&durationMinutes=120').expect(200)
    ).body;
    expect(twoHours).toMatchObject({ zone: 'ES', region: 'azure:spaincentral', within: '24h' });
    expect(twoHours.best.startAt).toBe(new Date(cleanHour - HOUR_MS).toISOString());
    expect(twoHours.best.intensity.gCo2ePerKwh).toBeCloseTo(155, 9);
    // within shorter than the wait: only starts before the clean hour.
    const soon: BestWindowDto = (
      await app.http.get('/recommend/window?zone=ES&durationMinutes=30&within=1m').expect(200)
    ).body;
    expect(soon.best.intensity.gCo2ePerKwh).toBeCloseTo(300, 9);
    expect(soon.saving.gCo2ePerKwh).toBeCloseTo(0, 9);
  });

  it.each([
    ['durationMinutes=60', 'viewerCountry'],
    ['viewerCountry=FR', 'durationMinutes'],
    ['viewerCountry=FR&durationMinutes=0', 'durationMinutes'],
    ['viewerCountry=FR&durationMinutes=1441', 'durationMinutes'],
    ['viewerCountry=QQ&durationMinutes=60', 'viewerCountry'],
    ['viewerCountry=FRA&durationMinutes=60', 'viewerCountry'],
    ['viewerZone=XX-NOPE&durationMinutes=60', 'viewerZone'],
    ['viewerLat=91&viewerLon=2&durationMinutes=60&eligibility=latency', 'viewerLat'],
    ['viewerLat=48&viewerLon=181&durationMinutes=60&eligibility=latency', 'viewerLon'],
    ['viewerLat=48&durationMinutes=60&eligibility=latency', 'viewerLon'],
    ['viewerLon=2&durationMinutes=60&eligibility=latency', 'viewerLat'],
    ['viewerLat=48&viewerLon=2&durationMinutes=60&eligibility=neighbours', 'viewerCountry'],
    ['viewerLat=48&viewerLon=2&durationMinutes=60&eligibility=country', 'viewerCountry'],
    ['viewerCountry=FR&durationMinutes=60&eligibility=planet', 'eligibility'],
    ['viewerCountry=FR&durationMinutes=60&latencyBudget=off&maxLatencyMs=80', 'maxLatencyMs'],
    ['viewerCountry=FR&durationMinutes=60&eligibility=latency&latencyBudget=off', 'latencyBudget'],
    ['viewerCountry=FR&durationMinutes=60&latencyBudget=maybe', 'latencyBudget'],
    ['viewerSubdivision=US-ZZ&durationMinutes=60', 'viewerSubdivision'],
    ['viewerSubdivision=US-CA&viewerCountry=FR&durationMinutes=60', 'viewerSubdivision'],
    ['viewerSubdivision=California&durationMinutes=60', 'viewerSubdivision'],
    ['viewerCountry=FR&durationMinutes=60&device=fridge', 'device'],
    ['viewerCountry=FR&durationMinutes=60&eligibility=latency&maxLatencyMs=0', 'maxLatencyMs'],
    ['viewerCountry=FR&durationMinutes=60&providers=aws,nope', 'providers'],
    ['viewerCountry=FR&durationMinutes=60&providers=AWS', 'providers'],
    ['viewerCountry=FR&durationMinutes=60&includeOptIn=maybe', 'includeOptIn'],
    ['viewerCountry=FR&durationMinutes=60&costWeight=1.5', 'costWeight'],
    ['viewerCountry=FR&durationMinutes=60&costWeight=0.5&carbonPriceUsdPerTonne=100', 'costWeight'],
    ['viewerCountry=FR&durationMinutes=60&carbonPriceUsdPerTonne=-1', 'carbonPriceUsdPerTonne'],
    ['viewerCountry=FR&durationMinutes=60&model=all', 'model'],
    ['viewerCountry=FR&durationMinutes=60&limit=0', 'limit'],
    ['viewerCountry=FR&durationMinutes=60&startAt=soon', 'startAt'],
    ['viewerCountry=FR&durationMinutes=60&resolution=8k', 'resolution'],
    ['viewerCountry=FR&durationMinutes=60&bitrateMbps=5&dataVolumeGb=2', 'dataVolumeGb'],
    ['viewerCountry=FR&durationMinutes=60&colour=green', 'colour'],
  ])('GET /recommend?%s answers 400 problem+json naming %s', async (query, field) => {
    expectProblemNaming(await app.http.get(`/recommend?${query}`).expect(400), field);
  });

  it.each([
    ['durationMinutes=60', 'region'],
    ['zone=ES', 'durationMinutes'],
    ['zone=ES&region=aws:eu-west-3&durationMinutes=60', 'zone'],
    ['zone=XX-NOPE&durationMinutes=60', 'zone'],
    ['region=aws:nowhere-1&durationMinutes=60', 'region'],
    ['zone=ES&durationMinutes=60&within=73h', 'within'],
    ['zone=ES&durationMinutes=60&within=soon', 'within'],
    ['zone=ES&durationMinutes=0', 'durationMinutes'],
  ])('GET /recommend/window?%s answers 400 problem+json naming %s', async (query, field) => {
    expectProblemNaming(await app.http.get(`/recommend/window?${query}`).expect(400), field);
  });
});

describe('GET /recommend when a zone has no data (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    // Spain is refused: its regions can only be valued by the fallback chain. One refresh at start-up,
    // then none for a day, so that the requests below run with nothing in the background.
    fake.entitle(fake.zoneKeys.filter((zone) => zone !== 'ES'));
    for (const zone of FR_AND_NEIGHBOUR_ZONES) if (zone !== 'ES') fake.setIntensity(zone, 100);
    app = await startTestApp({
      // Background users of the pool far apart: the measured-latency refresh (every 2 s by
      // default), steering's load report (1 s) and the origin prober's health read (5 s) would fall
      // inside the window counted below (one of them did once, in CI: 2 connections).
      env: suiteEnv(fake, {
        INTENSITY_REFRESH_SECONDS: '86400',
        FORECAST_REFRESH_SECONDS: '86400',
        LATENCY_REFRESH_MS: '60000',
        STEERING_LOAD_REPORT_MS: '60000',
        ORIGIN_PROBE_INTERVAL_MS: '3600000',
      }),
    });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('values a region without data through the fallback chain, never as a free win, and says degraded', async () => {
    const body = await recommendOnceScripted(app, 'viewerCountry=FR&durationMinutes=60', {
      FR: 100,
      DE: 100,
    });
    const spain = body.candidates.filter((candidate) => candidate.zone === 'ES');
    expect(spain.length).toBeGreaterThan(0);
    for (const candidate of spain) {
      expect(candidate.intensity.source).toBe('reference');
      // Electricity Maps' 2025 yearly average for ES.
      expect(candidate.intensity.gCo2ePerKwh).toBeCloseTo(136, 9);
    }
    expect(body.recommendation.zone).not.toBe('ES');
    expect(body.recommendation.intensity.gCo2ePerKwh).toBeCloseTo(100, 9);
    expect(body.degraded).toBe(true);
  });

  it('serves a warm request from memory: no SQL query and no Electricity Maps call', async () => {
    await recommend(app, 'viewerCountry=FR&durationMinutes=60');
    // The background jobs are the only other users of the pool (their next cycles are a minute or
    // more away, see beforeAll): let the intensity refresh's start-up cycle finish.
    await app.app.get(IntensityRefresherService).idle();
    const dataSource = app.app.get(DataSource);
    // Every checkout of a pool connection (TypeORM's and our own sessions' alike) emits `acquire`.
    const pool = pgPool(dataSource);
    let connections = 0;
    const countConnection = () => {
      connections++;
    };
    pool.on('acquire', countConnection);
    const callsBefore = fake.calls.length;
    try {
      for (const query of [
        'viewerCountry=FR&durationMinutes=60',
        'viewerCountry=DE&durationMinutes=90&eligibility=latency&maxLatencyMs=300',
        'viewerZone=JP-TK&durationMinutes=30&costWeight=0.5',
        'viewerLat=40.4&viewerLon=-3.7&viewerCountry=ES&durationMinutes=60&carbonPriceUsdPerTonne=100',
      ]) {
        await recommend(app, query);
      }
      await app.http.get('/recommend/window?zone=FR&durationMinutes=120').expect(200);
    } finally {
      pool.off('acquire', countConnection);
    }
    expect(connections).toBe(0);
    // The count does see queries.
    pool.on('acquire', countConnection);
    await dataSource.query('SELECT 1');
    pool.off('acquire', countConnection);
    expect(connections).toBe(1);
    expect(fake.calls.length).toBe(callsBefore);
  });
});
