import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request ids: a caller's well-formed `X-Request-Id` is kept (so that an id follows a request
 * across services); anything else is replaced by a UUID. Fastify calls this for every request
 * (and hands the id to the logger middleware as `req.id`); the id is echoed in `X-Request-Id`.
 */
export function generateRequestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

export function requestIdOf(request: FastifyRequest): string | undefined {
  return typeof request.id === 'string' ? request.id : undefined;
}
