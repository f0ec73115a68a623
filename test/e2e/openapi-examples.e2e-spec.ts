import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { AppProcess, spawnApp, waitFor200 } from '../support/app-process.js';
import { liveEnv } from '../support/live-env.js';
import {
  answerSchema,
  exampleRequests,
  operationsOf,
  precisionViolations,
  sampleOf,
  schemaDifferences,
  typeViolations,
} from '../support/openapi-examples.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { ADMIN_KEY, ANALYST_KEY, PROVIDER_KEY } from '../support/test-app.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Swagger UI's "Try it out", for every operation the running service documents: the request built
 * from the served OpenAPI document's examples alone (parameters, headers, body) must succeed (2xx),
 * with the key of whichever role the operation takes. Written over the document, so that a route
 * added later is covered without a line here.
 */
describe('every documented operation, with its documented examples (e2e, built service)', () => {
  let fake: FakeElectricityMaps;
  let app: AppProcess;
  let database: { url: string; name: string };
  let document: any;

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    database = await createTestDatabase();
    app = await spawnApp({
      ...liveEnv(fake),
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      ADMIN_API_KEYS: ADMIN_KEY,
      PROVIDER_API_KEYS: PROVIDER_KEY,
      ANALYST_API_KEYS: ANALYST_KEY,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    await waitFor200(`${app.baseUrl}/health/ready`, 60000, app.child);
    // The Electricity Maps link is up once the first refresh went through.
    await waitFor200(`${app.baseUrl}/health/electricity-maps`, 30000, app.child);
    document = await (await fetch(`${app.baseUrl}/docs-json`)).json();
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
    if (database) await dropTestDatabase(database.name);
  });

  it('answers 2xx to each operation as Swagger UI pre-fills it, in the shape its documented schema declares', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const failures: string[] = [];
    const keys = [undefined, ADMIN_KEY, PROVIDER_KEY, ANALYST_KEY];
    for (const documented of operations) {
      for (const request of exampleRequests(document, documented)) {
        let response: Response | undefined;
        let answer = '';
        for (const key of documented.operation.security ? keys : [undefined]) {
          response = await fetch(`${app.baseUrl}${request.url}`, {
            method: request.method,
            headers: { ...request.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
            body: request.body === undefined ? undefined : JSON.stringify(request.body),
          });
          answer = await response.text();
          if (response.status !== 401 && response.status !== 403) break;
        }
        const status = response!.status;
        const name = `${request.method} ${request.url}${request.body ? ` ${JSON.stringify(request.body)}` : ''}`;
        if (status < 200 || status > 299) {
          failures.push(`${name} → ${status} ${answer.slice(0, 300)}`);
          continue;
        }
        if (!response!.headers.get('content-type')?.startsWith('application/json')) continue;
        const schema = answerSchema(document, documented.operation, status);
        if (schema === undefined) {
          failures.push(`${name} → ${status}: no JSON answer documented for ${status}`);
          continue;
        }
        for (const difference of schemaDifferences(document, schema, JSON.parse(answer))) {
          failures.push(`${name}: ${difference}`);
        }
        // Numbers rounded to the precision the document gives them (docs/API-NUMBERS.md).
        for (const violation of precisionViolations(document, schema, JSON.parse(answer)).slice(0, 5)) {
          failures.push(`${name}: ${violation}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows example answers that are valid, rounded like real ones, and consistent (emissions = energy × intensity)', () => {
    const failures: string[] = [];
    let checkedSegments = 0;
    for (const { method, path, operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
        const schema = response?.content?.['application/json']?.schema;
        if (!status.startsWith('2') || schema === undefined) continue;
        const name = `${method.toUpperCase()} ${path} ${status}`;
        const example = sampleOf(document, schema);
        for (const violation of [
          ...typeViolations(document, schema, example),
          ...precisionViolations(document, schema, example),
        ]) {
          failures.push(`${name}: ${violation}`);
        }
        checkedSegments += segmentInconsistencies(example, name, failures);
        // A what-if: each scenario's delta as a share of the baseline, and over a year.
        for (const scenario of example?.scenarios ?? []) {
          const base = example.baseline.emissionsG.total;
          const share = (scenario.deltaG / base) * 100;
          const yearly = (scenario.deltaG * example.viewsPerWeek * (365.2425 / 7)) / 1000;
          if (
            Math.abs(scenario.deltaPercent - share) > 0.005 ||
            Math.abs(scenario.yearlyDeltaKg - yearly) > 1e-3
          ) {
            failures.push(
              `${name}: example scenario (${scenario.deltaPercent} %, ${scenario.yearlyDeltaKg} kg), expected (${share}, ${yearly})`,
            );
          }
        }
      }
    }
    // The footprints (GET /footprint, POST /simulate twice), the recorded view (GET /consumption),
    // the candidates and savings of GET /recommend, the stats totals and groups.
    expect(checkedSegments).toBeGreaterThanOrEqual(10);
    expect(failures).toEqual([]);
  });
});

/**
 * In every object of an example that has `energyKwh`, `emissionsG` and `intensity` segments: each
 * emission equals its energy times its zone's intensity (the data centre's for the data-centre
 * segment, the viewer's for the others), and each total the sum of its segments, to the rounding
 * of the figures (4 significant digits); likewise a candidate's grams, a saving's percent and the
 * stats' grams per hour. Returns how many such objects it checked.
 */
function segmentInconsistencies(example: any, name: string, failures: string[]): number {
  if (typeof example !== 'object' || example === null) return 0;
  let checked = 0;
  const { energyKwh: energy, emissionsG: emissions, intensity } = example;
  if (typeof energy === 'object' && typeof emissions === 'object' && typeof intensity === 'object') {
    checked += 1;
    const close = (actual: number, expected: number, what: string) => {
      if (Math.abs(actual - expected) > 1e-3 * Math.max(Math.abs(expected), 1e-9)) {
        failures.push(`${name}: example ${what} is ${actual}, expected about ${expected}`);
      }
    };
    // Not embodied: SWD values manufacturing at a global intensity (the examples' embodied are 0).
    for (const segment of ['dataCentre', 'network', 'device']) {
      const zone = segment === 'dataCentre' ? intensity.dataCentre : intensity.viewer;
      close(emissions[segment], energy[segment] * zone.gCo2ePerKwh, `emissionsG.${segment}`);
    }
    for (const [label, segments] of [
      ['energyKwh', energy],
      ['emissionsG', emissions],
    ]) {
      close(
        segments.total,
        segments.dataCentre + segments.network + segments.device + segments.embodied,
        `${label}.total`,
      );
    }
  }
  const close = (actual: number, expected: number, what: string, absolute = 0) => {
    if (Math.abs(actual - expected) > Math.max(1e-3 * Math.abs(expected), absolute)) {
      failures.push(`${name}: example ${what} is ${actual}, expected about ${expected}`);
    }
  };
  // A candidate region: emissions = data-centre energy × its intensity; by emissions, score = grams.
  if (typeof example.dataCentreEnergyKwh === 'number' && typeof example.intensity === 'object') {
    checked += 1;
    close(example.emissionsG, example.dataCentreEnergyKwh * example.intensity.gCo2ePerKwh, 'emissionsG');
  }
  // A saving: percent of the baseline.
  if (typeof example.baselineEmissionsG === 'number') {
    checked += 1;
    close(example.percent, (example.emissionsG / example.baselineEmissionsG) * 100, 'percent', 0.005);
  }
  // Stats: grams per hour watched.
  if (typeof example.gPerHour === 'number') {
    checked += 1;
    close(example.gPerHour, (example.emissionsKg * 1000) / example.hoursViewed, 'gPerHour', 0.005);
  }
  for (const value of Object.values(example)) checked += segmentInconsistencies(value, name, failures);
  return checked;
}
