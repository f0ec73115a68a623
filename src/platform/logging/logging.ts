import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/env.schema.js';

/**
 * Log lines are buffered in 4 KiB blocks and written synchronously: measured here, an
 * asynchronous write per line halved the throughput of a cheap route, and a synchronous write
 * of a full block costs little. `flushLogs` writes what is left on shutdown.
 */
const destination = pino.destination({ dest: 1, sync: true, minLength: 4096 });

export function flushLogs(): void {
  try {
    destination.flushSync();
  } catch {
    // nothing buffered, or stdout already closed
  }
}

/**
 * JSON logs (pino, through nestjs-pino's Logger). Credentials never reach the log: request lines
 * carry only id, method, path (no query string, no headers), and the redaction below covers
 * objects that application code might log by mistake.
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
      destination,
    ],
  };
}

/**
 * One JSON line per answered request: its id, method, path, status and time taken. Failures are
 * logged at `warn` (4xx) and `error` (5xx); successful requests at `debug`, because a line per
 * request costs more than a cheap request itself (measured: the floor route served 0.76 of the
 * bare baseline without the line, 0.47 with it; see docs/BENCHMARKS.md). Request counts and
 * latencies are what metrics are for; `LOG_LEVEL=debug` gives the full access log.
 * A logger of its own, without redaction: a fixed set of fields that never holds a secret.
 */
export function logRequests(fastify: FastifyInstance, config: AppConfig): void {
  const logger = pino({ level: config.logLevel }, destination);
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'debug';
    if (!logger.isLevelEnabled(level)) {
      done();
      return;
    }
    logger[level](
      {
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
