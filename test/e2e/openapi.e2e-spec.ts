import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import { hourStart } from '../../src/intensity/domain/hours.js';
import { IntensityService } from '../../src/intensity/intensity.service.js';
import { MS_PER_HOUR } from '../../src/platform/kernel/time.js';
import { BestWindowOperation } from '../../src/recommendation/best-window.js';
import { RecommendOperation } from '../../src/recommendation/recommend.js';
import type { Page, RegionView } from '../../src/regions/domain/catalogue.js';
import { RegionsService } from '../../src/regions/regions.service.js';
import { roundingOf } from '../../src/platform/contract/rounding.js';
import { ZoneIntensityDto } from '../../src/intensity/contract/intensity.dto.js';
import { BestWindowDto, RecommendationDto } from '../../src/recommendation/contract/recommendation.dto.js';
import { RegionDto, RegionPageDto } from '../../src/regions/http/region.dto.js';
import { FakeElectricityMaps } from '../fakes/fake-electricity-maps.js';
import { liveEnv } from '../support/live-env.js';
import { spawnApp, waitFor200 } from '../support/app-process.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait.js';

interface OpenApiParameter {
  name: string;
  in: string;
  description?: string;
  example?: unknown;
  schema?: { example?: unknown; enum?: unknown[]; default?: unknown };
}

interface OpenApiSchema {
  properties?: Record<
    string,
    {
      description?: string;
      example?: unknown;
      allOf?: unknown[];
      $ref?: string;
      type?: string;
      items?: unknown;
      enum?: unknown[];
    }
  >;
}

const COMMITTED_DOCUMENT = new URL('../../docs/openapi.json', import.meta.url);

/** The first line where two texts differ, with a few lines of each from there. */
function firstDifference(expected: string, actual: string): string {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  let line = 0;
  while (line < expectedLines.length && expectedLines[line] === actualLines[line]) line += 1;
  const excerpt = (lines: string[]) => lines.slice(line, line + 5).join('\n');
  return `first difference at line ${line + 1}:\n--- served:\n${excerpt(expectedLines)}\n--- docs/openapi.json:\n${excerpt(actualLines)}`;
}

/**
 * GETs `path` and answers the body as sent with the answer the service method returned for it,
 * so a test can compare the route's fast serialiser (derived from the DTO) with JSON.stringify.
 */
async function bodyAndAnswer<S extends object>(
  app: TestApp,
  service: S,
  method: keyof S & string,
  path: string,
): Promise<{ text: string; answer: unknown }> {
  const spy = jest.spyOn(service as Record<string, (...args: unknown[]) => unknown>, method);
  try {
    const response = await app.http.get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    expect(spy).toHaveBeenCalledTimes(1);
    return { text: response.text, answer: await spy.mock.results[0]?.value };
  } finally {
    spy.mockRestore();
  }
}

/**
 * A region in the order GET /regions writes it: the zone fourth (the hand-written schema required
 * only id, provider, code and zone, and fast-json-stringify writes required fields first). POST
 * and PATCH answer the view itself, in its own order.
 */
function regionOnTheWire({ id, provider, code, zone, ...rest }: RegionView) {
  return { id, provider, code, zone, ...rest };
}

describe('OpenAPI and Swagger UI (e2e)', () => {
  let fake: FakeElectricityMaps;
  let app: TestApp;
  let document: {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: OpenApiParameter[]; summary?: string; responses: Record<string, unknown> }
      >
    >;
    components: { schemas: Record<string, OpenApiSchema> };
  };

  beforeAll(async () => {
    fake = await FakeElectricityMaps.start();
    // Every request computed: the byte tests below see the service's answer for each one.
    app = await startTestApp({ env: liveEnv(fake, { RESPONSE_CACHE_ENTRIES: '0' }) });
    document = (await app.http.get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await app.http.get('/docs').redirects(1).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('swagger');
  });

  // Through the built service (`node dist/src/main.js`, as users run it), not the in-process app
  // of the other tests: under Jest, @nestjs/terminus cannot require() the ESM-only @nestjs/swagger,
  // so its @HealthCheck() leaves out the responses it adds to /health and /health/ready.
  it('serves, from the built service, exactly the document committed as docs/openapi.json', async () => {
    const database = await createTestDatabase();
    const service = await spawnApp({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    try {
      await waitFor200(`${service.baseUrl}/health/live`, 60000, service.child);
      const response = await fetch(`${service.baseUrl}/docs-json`);
      expect(response.status).toBe(200);
      const served = `${JSON.stringify(await response.json(), null, 2)}\n`;
      const committed = await readFile(COMMITTED_DOCUMENT, 'utf8').catch(() => '');
      if (committed !== served) {
        throw new Error(
          'docs/openapi.json is not the document served at /docs-json: run `npm run openapi` and commit ' +
            `docs/openapi.json.\n${firstDifference(served, committed)}`,
        );
      }
    } finally {
      expect(await service.stop()).toBe(0);
      await dropTestDatabase(database.name);
    }
  });

  it('documents every catalogue path', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/providers',
        '/providers/{id}',
        '/regions',
        '/regions/{id}',
        '/countries/{code}',
        '/health/ready',
      ]),
    );
    expect(Object.keys(document.paths['/regions/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
  });

  it('describes every parameter with an example or its allowed values', () => {
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary).toBeTruthy();
        for (const parameter of operation.parameters ?? []) {
          const hasExample =
            parameter.example !== undefined ||
            parameter.schema?.example !== undefined ||
            parameter.schema?.enum !== undefined ||
            // A field that excludes another carries its example in words ("e.g."): Swagger UI sends every example.
            /\be\.g\. /.test(parameter.description ?? '');
          if (!parameter.description || !hasExample)
            undocumented.push(`${method.toUpperCase()} ${path} ${parameter.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('describes every field of every schema, with an example for scalars', () => {
    const undocumented: string[] = [];
    for (const [schemaName, schema] of Object.entries(document.components.schemas)) {
      for (const [property, definition] of Object.entries(schema.properties ?? {})) {
        // A described $ref is written `allOf: [{ $ref }]`: an object, documented by its own schema.
        const isScalar =
          !definition.$ref &&
          !definition.allOf &&
          definition.type !== 'array' &&
          definition.type !== 'object';
        if (!definition.description) undocumented.push(`${schemaName}.${property} (description)`);
        const exampleInWords = /\be\.g\. /.test(String(definition.description ?? ''));
        if (isScalar && definition.example === undefined && !definition.enum && !exampleInWords) {
          undocumented.push(`${schemaName}.${property} (example)`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('documents problem+json error answers and the bearer scheme on writes', () => {
    const post = document.paths['/regions'].post;
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '500']),
    );
    expect(JSON.stringify(post.responses['400'])).toContain('application/problem+json');
    expect(JSON.stringify(post)).toContain('bearer');
  });

  describe('serialises each answer with a schema derived from its DTO, byte for byte as JSON.stringify of the rounded answer', () => {
    // A DTO field missing from the answer fails the serialiser; an answer field missing from the
    // DTO is dropped by it; either way these comparisons fail. Numbers are rounded to their unit's
    // precision (docs/API-NUMBERS.md) by the DTO's rounding.
    it('GET /intensity/:zone, now and over a window', async () => {
      const intensity = app.app.get(IntensityService);
      // A live value and forecast points, so that every field of the DTO tree is written.
      const now = await waitUntil(
        async () => {
          const { text, answer } = await bodyAndAnswer(app, intensity, 'report', '/intensity/FR');
          const report = answer as { latest: { source: string }; forecast: unknown[] };
          return report.latest.source === 'live' && report.forecast.length > 0 ? { text, answer } : undefined;
        },
        15000,
        'a live value and a forecast for FR',
      );
      expect(now.text).toBe(JSON.stringify(roundingOf(ZoneIntensityDto)(now.answer)));

      const from = new Date(hourStart(new Date()).getTime() + MS_PER_HOUR).toISOString();
      const to = new Date(Date.parse(from) + 2 * MS_PER_HOUR).toISOString();
      const window = await bodyAndAnswer(app, intensity, 'report', `/intensity/FR?from=${from}&to=${to}`);
      expect(window.answer).toHaveProperty('window.sources');
      expect(window.text).toBe(JSON.stringify(roundingOf(ZoneIntensityDto)(window.answer)));
    });

    it('GET /recommend and GET /recommend/window', async () => {
      const recommendation = app.app.get(RecommendOperation);
      const bestWindow = app.app.get(BestWindowOperation);
      for (const query of [
        'viewerCountry=FR&durationMinutes=60&limit=200',
        'viewerCountry=FR&durationMinutes=90&eligibility=latency&maxLatencyMs=80&carbonPriceUsdPerTonne=100',
        'viewerLat=35.7&viewerLon=139.7&durationMinutes=30&eligibility=latency&maxLatencyMs=60&costWeight=0.5&limit=3',
        'viewerZone=JP-KN&durationMinutes=60&model=swd-v4',
      ]) {
        const { text, answer } = await bodyAndAnswer(app, recommendation, 'recommend', `/recommend?${query}`);
        expect(text).toBe(JSON.stringify(roundingOf(RecommendationDto)(answer)));
      }
      for (const query of [
        'zone=FR&durationMinutes=60&within=24h',
        'region=aws:eu-west-3&durationMinutes=120',
      ]) {
        const { text, answer } = await bodyAndAnswer(
          app,
          bestWindow,
          'bestWindow',
          `/recommend/window?${query}`,
        );
        expect(text).toBe(JSON.stringify(roundingOf(BestWindowDto)(answer)));
      }
    });

    it('GET /regions and GET /regions/:id', async () => {
      const regions = app.app.get(RegionsService);
      const list = await bodyAndAnswer(app, regions, 'listRegions', '/regions?limit=200');
      const page = list.answer as Page<RegionView>;
      expect(page.items.length).toBeGreaterThan(50);
      expect(list.text).toBe(
        JSON.stringify(roundingOf(RegionPageDto)({ ...page, items: page.items.map(regionOnTheWire) })),
      );
      for (const id of ['aws:eu-west-3', 'azure:francecentral']) {
        const { text, answer } = await bodyAndAnswer(app, regions, 'getRegion', `/regions/${id}`);
        expect(text).toBe(JSON.stringify(roundingOf(RegionDto)(regionOnTheWire(answer as RegionView))));
      }
    });
  });
});
