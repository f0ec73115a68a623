import type { FootprintAllModelsDto, FootprintDto } from '../../src/footprint/contract/footprint.dto.js';
import type { RegionDto } from '../../src/regions/http/region.dto.js';
import {
  expectProblemNaming,
  expectRelative,
  expectRounded,
  ROUNDED_RELATIVE,
} from '../support/assertions.js';
import { asAdmin, startTestApp, TestApp } from '../support/test-app.js';

/**
 * Without an Electricity Maps token every zone is at its known yearly average (reference mode):
 * FR is 31 gCO2e/kWh (Electricity Maps 2025), which makes the expected emissions exact.
 */
const FR_G_PER_KWH = 31;

describe('GET /footprint (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const acceptance =
    '/footprint?durationMinutes=60&resolution=1080p&device=laptop&connection=wifi&viewerCountry=FR&region=aws:eu-west-3&model=1byte';

  it('gives the 1byte figures of the acceptance example, and emissions equal to energy times intensity', async () => {
    const body: FootprintDto = (await app.http.get(acceptance).expect(200)).body;
    expect(body).toMatchObject({
      model: '1byte',
      region: 'aws:eu-west-3',
      dataCentreZone: 'FR',
      viewerZone: 'FR',
    });
    expect(body.dataVolumeGb).toBe(3);
    // Answers are rounded (kWh and g to 4 significant digits, docs/API-NUMBERS.md), from exact figures:
    expectRounded(body.energyKwh.network, 3 * 0.152, 'kWh');
    // 56 kWh/yr over 8 h/day × 365.25 d = 19.16495 W: 0.0191650 kWh to the 7 decimals published.
    const deviceKwh = 56 / (8 * 365.25);
    expectRounded(body.energyKwh.device, deviceKwh, 'kWh');
    expect(body.energyKwh.device).toBe(0.01916);
    // PUE is not applied: 1byte's data-centre figure already includes facility overheads.
    expectRounded(body.energyKwh.dataCentre, 3 * 0.072, 'kWh');
    const totalKwh = 3 * 0.072 + 3 * 0.152 + deviceKwh;
    expectRounded(body.energyKwh.total, totalKwh, 'kWh');
    expect(body.energyKwh.total).toBe(0.6912);
    // Emissions: the exact energy times the intensity, rounded once (not the rounded energy times 31).
    expectRounded(body.emissionsG.dataCentre, 3 * 0.072 * FR_G_PER_KWH, 'g');
    expectRounded(body.emissionsG.network, 3 * 0.152 * FR_G_PER_KWH, 'g');
    expectRounded(body.emissionsG.device, deviceKwh * FR_G_PER_KWH, 'g');
    expectRounded(body.emissionsG.total, totalKwh * FR_G_PER_KWH, 'g');
    expect(body.emissionsG.total).toBe(21.43);
    // A time-weighted mean of equal hourly values: 31 up to floating-point rounding.
    expect(body.intensity.dataCentre).toMatchObject({ zone: 'FR', sources: ['reference'] });
    expect(body.intensity.dataCentre.gCo2ePerKwh).toBeCloseTo(FR_G_PER_KWH, 9);
    expect(body.intensity.viewer).toMatchObject({ zone: 'FR' });
    expect(body.intensity.viewer.gCo2ePerKwh).toBeCloseTo(FR_G_PER_KWH, 9);
    expect(body.degraded).toBe(true);
    expect(body.assumptions.map((assumption) => assumption.unit)).toEqual(expect.arrayContaining(['kWh/GB']));
    expect(new Date(body.endAt).getTime() - new Date(body.startAt).getTime()).toBe(3_600_000);
  });

  it('answers identical requests within a second alike, and never from before a catalogue change', async () => {
    const first = await app.http
      .get(acceptance)
      .expect(200)
      .expect('content-type', /^application\/json/);
    // The window starts at the current whole second, so the answer is the same all second long.
    expect(first.body.startAt).toMatch(/:\d\d\.000Z$/);
    const again = await app.http.get(acceptance).expect(200);
    if (again.body.startAt === first.body.startAt) expect(again.text).toBe(first.text);
    await app.http.patch('/regions/aws:eu-west-3').set(asAdmin).send({ zone: 'DE' }).expect(200);
    try {
      // Straight after the write (same second or not): the new zone, not a kept answer.
      const moved: FootprintDto = (await app.http.get(acceptance).expect(200)).body;
      expect(moved.dataCentreZone).toBe('DE');
      expect(moved.intensity.dataCentre.gCo2ePerKwh).toBeCloseTo(342, 9);
    } finally {
      await app.http.patch('/regions/aws:eu-west-3').set(asAdmin).send({ zone: 'FR' }).expect(200);
    }
    expect((await app.http.get(acceptance).expect(200)).body.dataCentreZone).toBe('FR');
  });

  it('uses the serving zone for the data centre and the viewer zone for network and device', async () => {
    const body: FootprintDto = (
      await app.http
        .get('/footprint?durationMinutes=60&viewerCountry=FR&region=aws:eu-central-1&model=1byte')
        .expect(200)
    ).body;
    const germany = body.intensity.dataCentre.gCo2ePerKwh;
    expect(body.dataCentreZone).toBe('DE');
    expect(germany).toBeCloseTo(342, 9);
    expectRelative(body.emissionsG.dataCentre, body.energyKwh.dataCentre * germany, ROUNDED_RELATIVE);
    expectRelative(
      body.emissionsG.network,
      body.energyKwh.network * body.intensity.viewer.gCo2ePerKwh,
      ROUNDED_RELATIVE,
    );
  });

  it('answers the four models with model=all, each with its assumptions', async () => {
    const body: FootprintAllModelsDto = (
      await app.http.get(acceptance.replace('model=1byte', 'model=all')).expect(200)
    ).body;
    expect(body.results.map((result) => result.model)).toEqual(['1byte', 'carbon-trust', 'iea', 'swd-v4']);
    for (const result of body.results) expect(result.assumptions.length).toBeGreaterThan(0);
    const swd = body.results[3];
    expect(swd.energyKwh.embodied).toBeGreaterThan(0);
    expectRelative(swd.emissionsG.embodied, swd.energyKwh.embodied * 494, ROUNDED_RELATIVE);
  });

  it('serves from the nearest enabled general-access region when none is given, and names it', async () => {
    const body: FootprintDto = (
      await app.http.get('/footprint?durationMinutes=30&viewerCountry=DE').expect(200)
    ).body;
    const region: RegionDto = (await app.http.get(`/regions/${body.region}`).expect(200)).body;
    expect(region).toMatchObject({ countryCode: 'DE', access: 'general', enabled: true });
  });

  it('takes a data volume or a bitrate instead of the resolution', async () => {
    const byVolume: FootprintDto = (
      await app.http
        .get('/footprint?durationMinutes=10&dataVolumeGb=0.17&viewerZone=FR&dataCentreZone=FR')
        .expect(200)
    ).body;
    expect(byVolume.dataVolumeGb).toBe(0.17);
    expect(byVolume.region).toBeNull();
    // 1byte's own spreadsheet row: 10 min, 170 MB, laptop, Wi-Fi.
    expectRounded(byVolume.energyKwh.total, 0.04127415925, 'kWh');
    const byBitrate: FootprintDto = (
      await app.http.get('/footprint?durationMinutes=60&bitrateMbps=5&viewerZone=FR').expect(200)
    ).body;
    expect(byBitrate.dataVolumeGb).toBe(2.25);
  });

  it.each([
    ['durationMinutes=0', 'durationMinutes'],
    ['durationMinutes=-5', 'durationMinutes'],
    ['durationMinutes=1441', 'durationMinutes'],
    ['durationMinutes=abc', 'durationMinutes'],
    ['durationMinutes=60&resolution=8k', 'resolution'],
    ['durationMinutes=60&device=fridge', 'device'],
    ['durationMinutes=60&connection=pigeon', 'connection'],
    ['durationMinutes=60&model=magic', 'model'],
    ['durationMinutes=60&viewerCountry=QQ', 'viewerCountry'],
    ['durationMinutes=60&viewerZone=XX-NOPE', 'viewerZone'],
    ['durationMinutes=60&viewerCountry=FR&region=aws:nowhere-1', 'region'],
    ['durationMinutes=60&viewerCountry=FR&dataCentreZone=XX-NOPE', 'dataCentreZone'],
    ['durationMinutes=60&viewerCountry=FR&region=aws:eu-west-3&dataCentreZone=FR', 'dataCentreZone'],
    ['durationMinutes=60&viewerCountry=FR&bitrateMbps=5&dataVolumeGb=2', 'dataVolumeGb'],
    ['durationMinutes=60', 'viewerCountry'],
    ['durationMinutes=60&viewerCountry=FR&startAt=soon', 'startAt'],
    ['viewerCountry=FR', 'durationMinutes'],
  ])('answers 400 problem+json naming the field for %s', async (query, field) => {
    expectProblemNaming(await app.http.get(`/footprint?${query}`).expect(400), field);
  });

  it('takes a measured screen and a set-top box, and returns the flags of borrowed figures', async () => {
    const base = '/footprint?durationMinutes=60&resolution=1080p&viewerCountry=FR&region=aws:eu-west-3';
    const tv: FootprintDto = (await app.http.get(`${base}&device=tv&model=1byte`).expect(200)).body;
    // 1byte has no TV figure: Carbon Trust's 100 W is borrowed, and the answer says so.
    expect(tv.flags).toEqual(['1byte-extended']);
    expectRelative(tv.energyKwh.device, 0.1);
    const measured: FootprintDto = (
      await app.http.get(`${base}&device=tv&model=1byte&deviceWatts=60`).expect(200)
    ).body;
    expectRelative(measured.energyKwh.device, 0.06);
    expect(measured.flags).toEqual([]);
    const withBox: FootprintDto = (
      await app.http.get(`${base}&device=tv&model=carbon-trust&peripheralWatts=10`).expect(200)
    ).body;
    const withoutBox: FootprintDto = (await app.http.get(`${base}&device=tv&model=carbon-trust`).expect(200))
      .body;
    expectRelative(withBox.energyKwh.device - withoutBox.energyKwh.device, 0.01, ROUNDED_RELATIVE);
  });

  it("answers the IEA's central 0.077 kWh per hour on request, and only for model=iea", async () => {
    const body: FootprintDto = (
      await app.http
        .get(
          '/footprint?durationMinutes=60&viewerCountry=FR&region=aws:eu-west-3&model=iea&ieaFigure=central&device=tv',
        )
        .expect(200)
    ).body;
    expectRelative(body.energyKwh.total, 0.077);
    expect(body.flags).toContain('iea-central');
    expectProblemNaming(
      await app.http
        .get('/footprint?durationMinutes=60&viewerCountry=FR&model=1byte&ieaFigure=central')
        .expect(400),
      'ieaFigure',
    );
  });

  it('values a green-hosted share of the data centre at 50 g/kWh (co2.js green hosting)', async () => {
    const base =
      '/footprint?durationMinutes=60&resolution=1080p&viewerCountry=FR&dataCentreZone=PL&model=1byte';
    const grid: FootprintDto = (await app.http.get(base).expect(200)).body;
    const green: FootprintDto = (await app.http.get(`${base}&greenHostingShare=1`).expect(200)).body;
    const half: FootprintDto = (await app.http.get(`${base}&greenHostingShare=0.5`).expect(200)).body;
    expectRelative(green.emissionsG.dataCentre, green.energyKwh.dataCentre * 50, ROUNDED_RELATIVE);
    expectRelative(
      half.emissionsG.dataCentre,
      (grid.emissionsG.dataCentre + green.emissionsG.dataCentre) / 2,
      ROUNDED_RELATIVE,
    );
    expect(green.emissionsG.network).toBe(grid.emissionsG.network);
    expect(green.assumptions.map((assumption) => assumption.name)).toContain('greenHostingShare');
    expectProblemNaming(await app.http.get(`${base}&greenHostingShare=1.5`).expect(400), 'greenHostingShare');
  });
});
