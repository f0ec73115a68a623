import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/env.schema.js';
import { generateRequestId } from './request-id.js';

/**
 * JSON logs (pino) with the request id on every line. Credentials never reach the log: the
 * request serializer keeps only method, path and id (query strings and headers are left out).
 */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      // Fastify has already given the request its id (see createApp); reuse it.
      genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? generateRequestId(request),
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (request: { id?: string; method?: string; url?: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url?.split('?')[0],
        }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
      redact: {
        paths: [
          'req.headers',
          'headers.authorization',
          'config.databaseUrl',
          '*.password',
          '*.token',
          '*.apiKey',
        ],
        censor: '[redacted]',
      },
    },
  };
}
