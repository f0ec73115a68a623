import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { AppConfig } from '../config/env.schema.js';

/**
 * Log lines are buffered in 4 KiB blocks and written synchronously: an asynchronous write per line
 * cost a cheap route much of its throughput, a synchronous write of a full block costs little
 * (docs/BENCHMARKS.md#log-writes). So that a quiet service's log does not look frozen, the service
 * writes what is buffered every `LOG_FLUSH_INTERVAL_MS` (`flushLogsPeriodically`): no line waits
 * longer than that. `flushLogs` writes what is left on shutdown.
 */
const destination = pino.destination({ dest: 1, sync: true, minLength: 4096 });

/** Longest a log line stays in the buffer (docs/OPERATIONS.md#logs). */
export const LOG_FLUSH_INTERVAL_MS = 250;

export function flushLogs(): void {
  try {
    destination.flushSync();
  } catch {
    // nothing buffered, or stdout already closed
  }
}

let flushTimer: NodeJS.Timeout | undefined;

/** Writes the buffered lines every `intervalMs`; the timer never keeps the process alive. */
export function flushLogsPeriodically(intervalMs = LOG_FLUSH_INTERVAL_MS): void {
  if (flushTimer !== undefined) return;
  flushTimer = setInterval(flushLogs, intervalMs);
  flushTimer.unref();
}

/**
 * The application's JSON logger (pino). Credentials never reach the log: request lines carry
 * only id, method, path (no query string, no headers), and the redaction below covers objects
 * that application code might log by mistake. `req`, `res` and `err` fields go through pino's
 * standard serializers.
 */
export function createAppLogger(
  config: Pick<AppConfig, 'logLevel'>,
  stream: DestinationStream = destination,
): Logger {
  return pino(
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
      serializers: {
        req: pino.stdSerializers.req,
        res: pino.stdSerializers.res,
        err: pino.stdSerializers.err,
      },
    },
    stream,
  );
}

/**
 * Nest's logger (`app.useLogger`) over pino: what Nest and `new Logger(Context)` log becomes one
 * JSON line with the context in `context`. An Error logged as the message goes to `err`; an object
 * logged as the message is merged into the line; extra arguments before the context are
 * interpolated into the message (`%s`, `%d`, `%o`), as pino does.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    const fields: Record<string, unknown> = {};
    // Nest passes the context (the logger's name) as the last argument.
    let params: unknown[] = [];
    if (optionalParams.length > 0) {
      fields.context = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    if (typeof message === 'object') {
      if (message instanceof Error) fields.err = message;
      else Object.assign(fields, message);
      this.logger[level](fields, ...(params as []));
    } else if (level === 'error' && typeof message === 'string' && isStack(params)) {
      // Nest's exception handlers call `error(message, stack, context)`: logged as one error.
      const error = new Error(message);
      error.stack = params[0];
      fields.err = error;
      this.logger[level](fields);
    } else {
      this.logger[level](fields, message as string, ...(params as []));
    }
  }
}

function isStack(params: unknown[]): params is [string] {
  return params.length === 1 && typeof params[0] === 'string' && /\n\s*at /.test(params[0]);
}

/**
 * One JSON line per answered request: its id, method, path, status and time taken. Failures are
 * logged at `warn` (4xx) and `error` (5xx); successful requests at `debug`, because a line per
 * request costs more than a cheap request itself (docs/BENCHMARKS.md#request-log-level). Request counts and
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
