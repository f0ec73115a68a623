import { readFile } from 'node:fs/promises';
import {
  ZONE_INTENSITY_JSON_SCHEMA,
  WINDOW_INTENSITY_JSON_SCHEMA,
} from '../../src/intensity/http/intensity.schema.js';
import {
  BEST_WINDOW_JSON_SCHEMA,
  CANDIDATE_JSON_SCHEMA,
  RECOMMENDATION_JSON_SCHEMA,
} from '../../src/recommendation/http/recommendation.schema.js';
import { REGION_JSON_SCHEMA } from '../../src/regions/http/region.schema.js';
import { spawnApp, waitFor200 } from '../support/app-process.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

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

describe('OpenAPI and Swagger UI (e2e)', () => {
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
    app = await startTestApp();
    document = (await app.http.get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    await app.close();
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
            parameter.schema?.enum !== undefined;
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
        if (isScalar && definition.example === undefined && !definition.enum) {
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

  it('serialises regions with a Fastify schema that lists exactly the documented fields', () => {
    expect(Object.keys(REGION_JSON_SCHEMA.properties).sort()).toEqual(
      Object.keys(document.components.schemas.RegionDto.properties ?? {}).sort(),
    );
  });

  it('serialises intensities with a Fastify schema that lists exactly the documented fields', () => {
    const fields = (name: string) => Object.keys(document.components.schemas[name]?.properties ?? {}).sort();
    expect(Object.keys(ZONE_INTENSITY_JSON_SCHEMA.properties).sort()).toEqual(fields('ZoneIntensityDto'));
    expect(Object.keys(WINDOW_INTENSITY_JSON_SCHEMA.properties).sort()).toEqual(fields('WindowIntensityDto'));
    expect(Object.keys(ZONE_INTENSITY_JSON_SCHEMA.properties.latest.properties).sort()).toEqual(
      fields('IntensityValueDto'),
    );
  });

  it('serialises recommendations with Fastify schemas that list exactly the documented fields', () => {
    const fields = (name: string) => Object.keys(document.components.schemas[name]?.properties ?? {}).sort();
    expect(Object.keys(RECOMMENDATION_JSON_SCHEMA.properties).sort()).toEqual(fields('RecommendationDto'));
    expect(Object.keys(CANDIDATE_JSON_SCHEMA.properties).sort()).toEqual(fields('CandidateDto'));
    expect(Object.keys(RECOMMENDATION_JSON_SCHEMA.properties.savings.properties).sort()).toEqual(
      fields('SavingsDto'),
    );
    expect(Object.keys(RECOMMENDATION_JSON_SCHEMA.properties.viewer.properties).sort()).toEqual(
      fields('ViewerDto'),
    );
    expect(Object.keys(RECOMMENDATION_JSON_SCHEMA.properties.ranking.properties).sort()).toEqual(
      fields('RankingDto'),
    );
    expect(Object.keys(BEST_WINDOW_JSON_SCHEMA.properties).sort()).toEqual(fields('BestWindowDto'));
    expect(Object.keys(BEST_WINDOW_JSON_SCHEMA.properties.best.properties).sort()).toEqual(
      fields('WindowChoiceDto'),
    );
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/recommend', '/recommend/window']));
  });
});
