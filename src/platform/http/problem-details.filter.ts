import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../kernel/errors.js';
import { isDatabaseUnavailableOrWrapped, unavailable } from '../database/database-errors.js';
import { problem, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem.js';
import { RequestValidationException } from './validation.js';
import { requestIdOf } from './request-id.js';

/** Fastify's own errors (body parsing, limits) carry a status code and an FST_ code. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Fastify's errors by code, in fixed words: its own messages may quote what the client sent. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type: send application/json',
  FST_ERR_CTP_INVALID_TYPE: 'Invalid Content-Type header: send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than BODY_LIMIT_BYTES',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body received',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body is empty: send a JSON value or no Content-Type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body is not valid JSON',
  FST_ERR_CTP_INVALID_CHARSET: 'Unsupported charset: send UTF-8',
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: 'The request could not be read',
};

/** Longest detail echoed from an error Fastify raised without a known code. */
const MAX_DETAIL_LENGTH = 200;

function fastifyErrorDetail(error: FastifyLikeError): string {
  const known = error.code === undefined ? undefined : FASTIFY_DETAILS[error.code];
  if (known !== undefined) return known;
  const message = error.message ?? 'Bad request';
  return message.length > MAX_DETAIL_LENGTH ? `${message.slice(0, MAX_DETAIL_LENGTH)}…` : message;
}

/**
 * Turns anything thrown into an RFC 9457 problem+json answer. Statuses below 500 carry the
 * reason; a 500 carries only a generic detail and the request id, and the error is logged.
 */
export function toProblem(error: unknown, instance: string, requestId: string | undefined): ProblemDetails {
  const base = { instance, ...(requestId ? { requestId } : {}) };
  if (error instanceof RequestValidationException) {
    return problem(400, error.message, { ...base, errors: error.errors });
  }
  if (error instanceof DomainError) {
    if (error instanceof InvalidInputError)
      return problem(400, error.message, { ...base, errors: error.errors });
    if (error instanceof NotFoundError) return problem(404, error.message, base);
    if (error instanceof ConflictError) return problem(409, error.message, base);
    if (error instanceof UnprocessableError)
      return problem(422, error.message, { ...base, ...error.details });
    if (error instanceof ServiceUnavailableError) return problem(503, error.message, base);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (status >= 500) return problem(status, 'The server could not complete the request', base);
    if (status === 415) return problem(status, 'Unsupported Content-Type: send application/json', base);
    const extensions =
      typeof response === 'object' && response !== null && 'problem' in response
        ? ((response as { problem: Partial<ProblemDetails> }).problem ?? {})
        : {};
    return problem(status, error.message, { ...base, ...extensions });
  }
  // A database that went away under a TypeORM query: 503 (retry), not 500.
  if (isDatabaseUnavailableOrWrapped(error)) return problem(503, unavailable(error).message, base);
  const fastifyError = error as FastifyLikeError;
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return problem(fastifyError.statusCode, fastifyErrorDetail(fastifyError), base);
  }
  return problem(
    HttpStatus.INTERNAL_SERVER_ERROR,
    'An unexpected error occurred; quote the request id when reporting it',
    base,
  );
}

export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof ServiceUnavailableError) return error.retryAfterSeconds;
  if (isDatabaseUnavailableOrWrapped(error)) return new ServiceUnavailableError('').retryAfterSeconds;
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null && 'retryAfterSeconds' in response) {
      return Number((response as { retryAfterSeconds: number }).retryAfterSeconds);
    }
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, body: ProblemDetails, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  if (body.status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

/** Terminus answers an unhealthy check with its own body, which is part of the health contract. */
function healthCheckBody(error: unknown): object | undefined {
  if (!(error instanceof HttpException) || error.getStatus() !== 503) return undefined;
  const response = error.getResponse();
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response
    ? response
    : undefined;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    answerWithProblem(
      error,
      context.getRequest<FastifyRequest>(),
      context.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}

/**
 * What the filter does with an error, for code that catches its own (direct routes,
 * src/platform/http/direct-route.ts): the problem+json answer, and a log line for a 5xx.
 */
export function answerWithProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Pick<Logger, 'error'>,
): void {
  const health = healthCheckBody(error);
  if (health) {
    void reply.status(503).send(health);
    return;
  }
  const body = toProblem(error, request.url.split('?')[0] ?? request.url, requestIdOf(request));
  if (body.status >= 500) {
    logger.error({ err: error, requestId: body.requestId }, 'Unhandled error while serving a request');
  }
  if (reply.sent) return;
  // The body parser stopped reading a refused body: the connection cannot carry another request.
  if ((error as { closeConnection?: boolean } | null)?.closeConnection === true) {
    void reply.header('connection', 'close');
  }
  sendProblem(reply, body, retryAfterOf(error));
}
