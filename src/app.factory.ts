import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './platform/http/api-problem-responses.decorator.js';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter.js';
import { corsOptions } from './platform/http/cors.js';
import { apiKeyHooks } from './platform/http/api-key.hooks.js';
import {
  clientErrorHandler,
  documentFrameworkErrors,
  frameworkErrorHandler,
} from './platform/http/framework-errors.js';
import { installJsonBodyParser } from './platform/http/json-body.js';
import { isRateLimitedRoute, rateLimitHooks } from './platform/http/rate-limit.hooks.js';
import { setSecurityHeaders } from './platform/http/security-headers.js';
import { DASHBOARD_PATH, serveDashboard } from './platform/http/dashboard-static.js';
import { RequestDeadlines } from './platform/http/request-deadlines.js';
import { generateRequestId } from './platform/http/request-id.js';
import { installRouteHooks, RouteHookFactory } from './platform/http/route-hooks.js';
import { installDirectRoutes } from './platform/http/direct-route.js';
import { documentPrecision } from './platform/contract/number-precision.js';
import { responseSerializerCompiler } from './platform/http/response-schema.js';
import { createValidationPipe } from './platform/http/validation.js';
import { createAppLogger, logRequests, PinoLoggerService } from './platform/logging/logging.js';
import type { AppConfig } from './platform/config/env.schema.js';
import type { RunningDatabase } from './platform/database/embedded-postgres.js';
import { AppModule } from './app.module.js';
import { requestMetricsHooks } from './platform/metrics/http-metrics.js';
import { MetricsService } from './platform/metrics/metrics.service.js';

export const API_DESCRIPTION = `Carbon-aware layer for video on demand: what a view emits, and from which cloud region to serve it.

Every error is \`application/problem+json\` (RFC 9457); a 400 lists each bad field in \`errors\`.
Writes need an API key: \`Authorization: Bearer <key>\` (admin keys for the catalogue), checked
before the body is read.

Limits (docs/OPERATIONS.md#limits): request line and headers 16 KiB (431), path parameters 100
characters (414), bodies BODY_LIMIT_BYTES (413) and \`application/json\` only (415); in a JSON body
at most 32 levels of nesting, 100 keys per object, 10,000 items per array, 10,000 characters per
string; unknown fields and query parameters are refused. Each field's own bounds are in its schema.

Reference data: Electricity Maps yearly zone averages and world-countries (both ODbL 1.0); measured
inter-region latencies from the Skyplane project (Apache-2.0). See docs/DATA-SOURCES.md.

Dashboard: [/dashboard/](/dashboard/) shows the intensity map, where a viewer would be served,
the statistics (analyst key) and the footprint calculator (docs/DASHBOARD.md).`;

/**
 * Pages of the service worth a click, besides the API itself: the start-up line lists their URLs
 * (`src/main.ts`). A page served by another feature (a dashboard) adds its path here.
 */
export const SERVICE_PAGES: Record<string, string> = {
  docs: '/docs',
  dashboard: DASHBOARD_PATH,
};

/** Builds the Nest application (Fastify), with the error shape, validation and Swagger wired in. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  database?: RunningDatabase,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Receiving the request (headers and body) within the limit, else 408: slow clients cannot
    // hold sockets open forever.
    requestTimeout: config.requestTimeoutMs,
    // A hop count is valid for Fastify (proxy-addr) though the adapter's options type omits numbers.
    trustProxy: config.trustProxy as boolean | string[],
    genReqId: generateRequestId,
    requestIdHeader: false,
    // No Express-style middleware anywhere (requests are logged from a Fastify hook): @fastify/middie
    // on the request path would make a fast request much dearer
    // (docs/BENCHMARKS.md#no-middie-on-the-request-path).
    skipMiddie: true,
    // Errors Fastify and Node raise before a route runs, in the API's error shape.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl, database }),
    adapter,
    {
      // JSON from the first line: what Nest logs while it builds the modules (TypeORM's connection
      // attempts included) goes through pino, not Nest's coloured console logger.
      logger: new PinoLoggerService(createAppLogger(config)),
      // A failure to build is thrown to src/main.ts (one JSON line, then exit 1), not process.abort().
      abortOnError: false,
      // Nest would register JSON and form-encoded parsers; installJsonBodyParser is the only one.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoLoggerService));
  // Also reached by errors Fastify raises before a route runs (body too large, bad JSON,
  // unsupported media type): Nest routes them through its exception filters.
  app.useGlobalFilters(new ProblemDetailsFilter());
  const validation = createValidationPipe();
  app.useGlobalPipes(validation);

  const fastify = app.getHttpAdapter().getInstance();
  // Every declared response schema is written by serializerOf: numbers rounded to their unit's
  // precision (docs/API-NUMBERS.md).
  fastify.setSerializerCompiler(responseSerializerCompiler);
  // Before Nest registers the controllers' routes (in init), so that every route gets its hooks.
  // Answering within REQUEST_TIMEOUT_MS, else 503 problem+json.
  const deadlines = new RequestDeadlines(config.requestTimeoutMs);
  deadlines.start();
  fastify.addHook('onClose', (_instance, done) => {
    deadlines.stop();
    done();
  });
  installRouteHooks(
    fastify,
    [
      deadlines.routeHooks(),
      requestMetricsHooks(app.get(MetricsService)),
      rateLimitHooks(config),
      // The API key before the body is read (no key and a bad body: 401).
      apiKeyHooks(config),
    ].filter((factory): factory is RouteHookFactory => factory !== undefined),
  );
  // The hot steering routes skip Nest's per-request path (docs/BENCHMARKS.md#direct-routes).
  installDirectRoutes(fastify, (controller) => app.get(controller, { strict: false }), validation);
  const cors = corsOptions(config.corsOrigins);
  if (cors) app.enableCors(cors);
  // JSON is the only body the API takes, held to JSON_BODY_LIMITS: anything else is 415, not a
  // string handed to validation.
  installJsonBodyParser(fastify, config.bodyLimitBytes);
  logRequests(fastify, config);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    setSecurityHeaders(reply);
    done();
  });

  // The web UI at /dashboard/ (built by Vite into dist/web), and `/` redirects to it.
  serveDashboard(fastify);

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}

/**
 * The OpenAPI document of the application's routes: served at /docs-json (and /docs-yaml, and as
 * Swagger UI at /docs) and committed as docs/openapi.json (`npm run openapi`). It reads only the
 * controllers' and DTOs' metadata, so an application created in preview mode (no provider
 * instantiated, no database) gives the same document.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GreenStream API')
      .setDescription(API_DESCRIPTION)
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'API key of the role the operation needs',
      })
      .build(),
    { extraModels: [ProblemDto] },
  );
  documentRateLimit(document);
  documentFrameworkErrors(document);
  documentPrecision(document);
  return document;
}

/** Every limited operation may answer 429 (RATE_LIMIT_PER_MINUTE); documented once here, not per controller. */
function documentRateLimit(document: OpenAPIObject): void {
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!isRateLimitedRoute(path)) continue;
    for (const operation of Object.values(
      operations as Record<string, { responses?: Record<string, unknown> }>,
    )) {
      if (typeof operation !== 'object' || operation === null || operation.responses === undefined) continue;
      operation.responses['429'] ??= {
        description:
          'Too many requests from this API key or IP address (RATE_LIMIT_PER_MINUTE); see Retry-After',
        headers: {
          'Retry-After': {
            description: 'Seconds until the client may call again',
            schema: { type: 'integer', example: 42 },
          },
        },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      };
    }
  }
}
