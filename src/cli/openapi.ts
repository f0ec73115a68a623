// `npm run openapi`: writes the OpenAPI document, exactly as served at /docs-json, to
// docs/openapi.json (or to the path given as argument). The application is created in Nest's
// preview mode: the modules and controllers are scanned, no provider is instantiated, so no
// database is opened.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOpenApiDocument } from '../app.factory.js';
import { AppModule } from '../app.module.js';
import { validateEnv } from '../platform/config/env.schema.js';

const target = process.argv[2] ?? 'docs/openapi.json';
const app = await NestFactory.create<NestFastifyApplication>(
  AppModule.forRoot({ config: validateEnv({}), databaseUrl: 'postgres://unused' }),
  new FastifyAdapter(),
  { preview: true, abortOnError: false, logger: ['error'] },
);
const document = createOpenApiDocument(app);
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`Wrote ${target}: ${Object.keys(document.paths).length} paths`);
