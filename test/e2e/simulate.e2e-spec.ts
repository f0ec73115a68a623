import type { SimulateResponseDto } from '../../src/footprint/contract/simulation.dto.js';
import { expectProblemNaming, expectRelative, ROUNDED_RELATIVE } from '../support/assertions.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const WEEKS_PER_YEAR = 365.2425 / 7;

const baseline = {
  durationMinutes: 60,
  resolution: '1080p',
  device: 'laptop',
  connection: 'wifi',
  viewerCountry: 'FR',
  region: 'aws:eu-central-1',
  model: '1byte',
  startAt: '2026-11-22T20:00:00Z',
};

describe('POST /simulate (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  function expectConsistent(body: SimulateResponseDto, viewsPerWeek: number) {
    const base = body.baseline.emissionsG.total;
    // Every figure is rounded on its own (grams and kg to 4 significant digits, percent to 2
    // decimals: docs/API-NUMBERS.md), so the relations hold to the rounding.
    for (const scenario of body.scenarios) {
      const total = scenario.footprint.emissionsG.total;
      expect(Math.abs(scenario.deltaG - (total - base))).toBeLessThanOrEqual(
        ROUNDED_RELATIVE * (Math.abs(total) + Math.abs(base)),
      );
      expect(Math.abs(scenario.deltaPercent - (scenario.deltaG / base) * 100)).toBeLessThanOrEqual(
        Math.abs(scenario.deltaPercent) * ROUNDED_RELATIVE + 0.005,
      );
      expectRelative(
        scenario.yearlyDeltaKg,
        (scenario.deltaG * viewsPerWeek * WEEKS_PER_YEAR) / 1000,
        ROUNDED_RELATIVE,
      );
    }
    const deltas = body.scenarios.map((scenario) => scenario.deltaG);
    expect(deltas).toEqual([...deltas].sort((a, b) => a - b));
  }

  it('evaluates the given scenarios, sorted by saving, with deltas equal to the differences', async () => {
    const body: SimulateResponseDto = (
      await app.http
        .post('/simulate')
        .send({
          baseline,
          viewsPerWeek: 10,
          scenarios: [
            { name: 'tv', changes: { device: 'tv' } },
            { name: '720p', changes: { resolution: '720p' } },
            { name: 'Stockholm', changes: { region: 'aws:eu-north-1' } },
          ],
        })
        .expect(200)
    ).body;
    expect(body.scenarios.map((scenario) => scenario.name)).toHaveLength(3);
    expectConsistent(body, 10);
    expect(body.best).toBe(body.scenarios[0].name);
    expect(body.scenarios.find((scenario) => scenario.name === 'tv')?.deltaG).toBeGreaterThan(0);
    for (const scenario of body.scenarios)
      expect(scenario.footprint.startAt).toBe('2026-11-22T20:00:00.000Z');
  });

  it('evaluates the standard set when no scenario is given', async () => {
    const body: SimulateResponseDto = (await app.http.post('/simulate').send({ baseline }).expect(200)).body;
    const names = body.scenarios.map((scenario) => scenario.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '240p',
        '360p',
        '480p',
        '720p',
        'fixed-wired',
        'mobile',
        'smartphone',
        'tablet',
      ]),
    );
    expect(names).not.toContain('1080p');
    expect(names).not.toContain('tv');
    // The cleanest region in FR or a neighbouring country, other than the baseline's.
    const regionScenario = names.find((name) => name.includes(':'));
    expect(regionScenario).toBeDefined();
    expect(regionScenario).not.toBe('aws:eu-central-1');
    expect(body.viewsPerWeek).toBe(7);
    expectConsistent(body, 7);
    expect(body.best).toBe(body.scenarios[0].name);
  });

  it('offers no region scenario that would change nothing: every scenario of the standard set saves or costs something', async () => {
    // Served from France (low-carbon grid): no region of FR or its neighbours is cleaner in reference mode.
    const french = {
      durationMinutes: 60,
      resolution: '1080p',
      device: 'tv',
      viewerCountry: 'FR',
      region: 'aws:eu-west-3',
    };
    const body: SimulateResponseDto = (
      await app.http.post('/simulate').send({ baseline: french }).expect(200)
    ).body;
    for (const scenario of body.scenarios) {
      if ('region' in scenario.changes) expect(scenario.deltaG).toBeLessThan(0);
    }
    expect(body.scenarios.filter((scenario) => scenario.deltaG === 0)).toEqual([]);
  });

  it('offers no standard scenario whose figures equal the baseline, under any model (Carbon Trust treats wifi as fixed-wired)', async () => {
    for (const model of ['1byte', 'carbon-trust', 'iea', 'swd-v4']) {
      const body: SimulateResponseDto = (
        await app.http
          .post('/simulate')
          .send({ baseline: { ...baseline, model } })
          .expect(200)
      ).body;
      expect(body.scenarios.length).toBeGreaterThan(0);
      for (const scenario of body.scenarios) {
        expect({ model, name: scenario.name, total: scenario.footprint.emissionsG.total }).not.toEqual({
          model,
          name: scenario.name,
          total: body.baseline.emissionsG.total,
        });
      }
      if (model === 'carbon-trust') {
        expect(body.scenarios.map((scenario) => scenario.name)).not.toContain('fixed-wired');
        expect(body.scenarios.map((scenario) => scenario.name)).toContain('mobile');
      }
    }
    // A scenario the caller chose is answered even when it changes nothing.
    const chosen: SimulateResponseDto = (
      await app.http
        .post('/simulate')
        .send({
          baseline: { ...baseline, model: 'carbon-trust' },
          scenarios: [{ name: 'wired', changes: { connection: 'fixed-wired' } }],
        })
        .expect(200)
    ).body;
    expect(chosen.scenarios.map((scenario) => [scenario.name, scenario.deltaG])).toEqual([['wired', 0]]);
  });

  it.each([
    [{ baseline: { ...baseline, durationMinutes: undefined } }, 'baseline.durationMinutes'],
    [{ baseline: { ...baseline, model: 'all' } }, 'baseline.model'],
    [{ baseline: { ...baseline, colour: 'green' } }, 'baseline.colour'],
    [
      { baseline, scenarios: [{ name: 'x', changes: { resolution: '8k' } }] },
      'scenarios[0].changes.resolution',
    ],
    [
      { baseline, scenarios: [{ name: 'x', changes: { region: 'aws:nowhere-1' } }] },
      'scenarios[0].changes.region',
    ],
    [{ baseline, scenarios: [{ changes: {} }] }, 'scenarios[0].name'],
    [{ baseline, viewsPerWeek: -1 }, 'viewsPerWeek'],
    [{}, 'baseline'],
  ])('answers 400 naming the field for %p', async (body, field) => {
    expectProblemNaming(await app.http.post('/simulate').send(body).expect(400), field);
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    const response = await app.http
      .post('/simulate')
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
    expect(response.body.errors[0].field).toBe('body');
  });
});
