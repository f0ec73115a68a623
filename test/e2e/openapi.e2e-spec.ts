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
import { startTestApp, TestApp } from '../support/test-app.js';

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
