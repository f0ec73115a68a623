import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/env.schema.js';

type LevelMethods = Record<'info' | 'warn' | 'error', (object: object, message: string) => void>;

/**
 * JSON logs (pino, through nestjs-pino's Logger). Credentials never reach the log: request lines
 * carry only id, method, path (no query string, no headers), and the redaction below covers
 * objects that might be logged by mistake.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // No Express-style middleware: under Fastify it runs through @fastify/middie, which costs a
    // large share of a fast request. Requests are logged by a Fastify hook (logRequests) instead.
    forRoutes: [],
    pinoHttp: [
      {
        level: config.logLevel,
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
      // Buffered, asynchronous writes: a synchronous write per request line costs a large share
      // of a fast request. pino flushes the buffer when the process exits.
      pino.destination({ dest: 1, sync: false, minLength: 4096 }),
    ],
  };
}

/** One JSON line per answered request: its id, method, path, status and time taken. */
export function logRequests(fastify: FastifyInstance, logger: LevelMethods): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    logger[level](
      {
        // Not `req`/`res`: pino-http's serializers own those keys.
        requestId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
