import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem.js';
import { SECURITY_HEADERS, setSecurityHeaders } from './security-headers.js';

/**
 * Errors raised by Fastify and Node before any route runs, answered in the API's one error shape
 * (problem+json with the security headers) instead of their own JSON or a bare status line. They
 * are declared once in the OpenAPI document (documentFrameworkErrors in app.factory.ts).
 */

/** Fixed texts: these answers never echo what the client sent (a path, a header). */
const FRAMEWORK_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'The URL path is not valid percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'A path parameter is longer than 100 characters' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, detail: 'The request matches no route constraint' },
};

/** Fastify's `frameworkErrors` option: bad URL, over-long path parameter. */
export function frameworkErrorHandler(
  error: { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = FRAMEWORK_ERRORS[error.code ?? ''] ?? { status: 400, detail: 'Malformed request' };
  const requestId = typeof request.id === 'string' ? request.id : undefined;
  setSecurityHeaders(reply);
  if (requestId) void reply.header('x-request-id', requestId);
  void reply
    .status(known.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem(known.status, known.detail, requestId ? { requestId } : {}));
}

/** Node's parser errors, by code: a request Node could not read as HTTP. */
function clientErrorOf(code: string | undefined): { status: number; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      detail: 'The request line and headers exceed 16 KiB (the URL with its query string counts)',
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, detail: 'The request was not received within REQUEST_TIMEOUT_MS' };
  }
  return { status: 400, detail: 'Malformed HTTP request' };
}

/**
 * Fastify's `clientErrorHandler`: Node could not parse the request (headers too large, a bad
 * Content-Length, a timeout). The connection cannot be used again, so the answer says
 * `Connection: close` before the socket is closed: a keep-alive client then opens a new one
 * instead of failing its next request.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { status, detail } = clientErrorOf(error.code);
  const requestId = randomUUID();
  const body = JSON.stringify(problem(status, detail, { requestId }));
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n\r\n${body}`);
}

interface OperationLike {
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDto' };

/** The answers Fastify and Node may give to any request, as reusable OpenAPI responses. */
const FRAMEWORK_RESPONSES: Record<string, { status: string; description: string; bodyOnly?: boolean }> = {
  MalformedRequest: {
    status: '400',
    description:
      'Invalid input (`errors` names each bad field), a URL path that is not valid percent-encoding, or malformed HTTP',
  },
  PayloadTooLarge: { status: '413', description: 'Request body over BODY_LIMIT_BYTES', bodyOnly: true },
  UriTooLong: { status: '414', description: 'A path parameter longer than 100 characters' },
  UnsupportedMediaType: {
    status: '415',
    description: 'A body that is not `application/json` (form-encoded included)',
    bodyOnly: true,
  },
  RequestHeaderFieldsTooLarge: {
    status: '431',
    description:
      'Request line and headers over 16 KiB (the query string counts); sent with `Connection: close`',
  },
};

/**
 * Declares FRAMEWORK_RESPONSES in `components.responses` and references them from every operation
 * that does not declare that status itself (413 and 415 only where there is a request body).
 */
export function documentFrameworkErrors(document: {
  paths: Record<string, object>;
  components?: { responses?: Record<string, unknown> };
}): void {
  document.components ??= {};
  document.components.responses ??= {};
  for (const [name, { description, status }] of Object.entries(FRAMEWORK_RESPONSES)) {
    document.components.responses[name] = {
      description,
      content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      ...(status === '431'
        ? { headers: { Connection: { schema: { type: 'string', enum: ['close'] } } } }
        : {}),
    };
  }
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations as Record<string, OperationLike>)) {
      if (typeof operation !== 'object' || operation === null || operation.responses === undefined) continue;
      for (const [name, { status, bodyOnly }] of Object.entries(FRAMEWORK_RESPONSES)) {
        if (bodyOnly === true && operation.requestBody === undefined) continue;
        operation.responses[status] ??= { $ref: `#/components/responses/${name}` };
      }
    }
  }
}
