import { Agent, request as httpRequest } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';

/**
 * Property-based requests generated from the served OpenAPI document (/docs-json): every route and
 * method it declares, so routes added later are fuzzed without a change here. Each request mixes
 * valid values (examples, enums, bounds), boundary values (bounds ± 1, empty, longest) and hostile
 * ones (wrong types, unicode and control characters, deep nesting, many keys, duplicate query
 * parameters, broken percent-encoding, other content types, with and without API keys). Checked:
 * no 5xx, every error is problem+json with its status, every 2xx JSON matches its declared schema.
 * docs/FUZZING.md describes the runs and their figures.
 */

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  bodySchema?: Schema;
  isProtected: boolean;
  /** Declared JSON answers by status. */
  responses: Record<string, Schema | undefined>;
}

export interface FuzzRequest {
  operation: Operation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzFinding {
  request: string;
  status: number;
  problem: string;
  body: string;
}

export interface FuzzReport {
  requests: number;
  operations: number;
  durationMs: number;
  statuses: Record<string, number>;
  findings: FuzzFinding[];
  seed: number;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema>; responses?: Record<string, Record<string, unknown>> };
}

/** OpenAPI 3.0 `nullable` in JSON Schema terms, and $refs pointing into the registered document. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = `openapi${value}`;
    else if (key !== 'nullable' && key !== 'example' && key !== 'examples') out[key] = toJsonSchema(value);
  }
  return (node as Schema).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function resolve(document: OpenApiDocument, node: Schema | undefined): Schema | undefined {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops += 1) {
    const parts = (current.$ref as string).replace('#/', '').split('/');
    current = parts.reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], document) as
      Schema | undefined;
  }
  return current;
}

function jsonSchemaOf(content: unknown): Schema | undefined {
  const entry = (content as Record<string, { schema?: Schema }> | undefined)?.['application/json'];
  return entry?.schema;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const responses: Record<string, Schema | undefined> = {};
      for (const [status, response] of Object.entries(
        (operation.responses ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        responses[status] = jsonSchemaOf(resolve(document, response)?.content);
      }
      const body = resolve(document, operation.requestBody as Schema | undefined);
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: ((operation.parameters ?? []) as Parameter[]).filter((parameter) =>
          ['path', 'query', 'header'].includes(parameter.in),
        ),
        bodySchema: jsonSchemaOf(body?.content),
        isProtected: Array.isArray(operation.security) && operation.security.length > 0,
        responses,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Values

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u001b[31m',
  '\r\n',
  '%00',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\u202e',
  '\ud83d\ude00',
  '\ud800',
  'ﬀ',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  '9'.repeat(40),
  'x'.repeat(2_000),
  '__proto__',
  'constructor',
  'null',
  'true',
  '[]',
  '{}',
  '0000-01-01',
  '-000001-01-01',
  '+275760-09-13T00:00:00Z',
  '2026-02-30',
  '2026-11-22T20:00:00+14:00',
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

function deep(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -1e308, 1e308, 2 ** 53 + 1, [], {}, [[]], [{}]),
  fc.integer({ min: 3, max: 200 }).map((depth) => deep(depth, 1)),
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .integer({ min: 90, max: 300 })
    .map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]))),
);

/** A value for a JSON schema: mostly valid or at a bound, sometimes hostile. */
function valueOf(document: OpenApiDocument, node: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, node) ?? {};
  const valid = validValueOf(document, schema, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostileValue, weight: 1 });
}

function validValueOf(document: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const examples: unknown[] = schema.example === undefined ? [] : [schema.example];
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return validValueOf(document, resolve(document, schema.allOf[0] as Schema) ?? {}, depth);
  }
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
      const bounds = [min, max, min - 1, max + 1, 0];
      const base =
        schema.type === 'integer'
          ? fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) })
          : fc.double({ min: Math.max(min, -1e9), max: Math.min(max, 1e9), noNaN: true });
      return fc.oneof(base, fc.constantFrom(...bounds, ...examples));
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const maxItems = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3);
      return depth > 4
        ? fc.constant([])
        : fc.array(valueOf(document, schema.items as Schema, depth + 1), { maxLength: maxItems });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (depth > 4 || Object.keys(properties).length === 0) return fc.constant(schema.example ?? {});
      const required = (schema.required ?? []) as string[];
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [
            name,
            valueOf(document, property, depth + 1),
          ]),
        ),
        { requiredKeys: required.filter((name) => name in properties) },
      );
      return examples.length > 0 ? fc.oneof(record, fc.constant(examples[0])) : record;
    }
    default: {
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 30;
      const lengths = fc.string({ minLength, maxLength: Math.min(maxLength, 60) });
      const dates =
        schema.format === 'date-time' || schema.format === 'date'
          ? [fc.date({ noInvalidDate: true }).map((date) => date.toISOString())]
          : [];
      const edges = fc.constantFrom('x'.repeat(Math.max(0, maxLength + 1)), 'x'.repeat(maxLength));
      return fc.oneof(
        ...(examples.length > 0 ? [{ arbitrary: fc.constantFrom(...examples), weight: 4 }] : []),
        { arbitrary: lengths, weight: 1 },
        { arbitrary: edges, weight: 1 },
        ...dates.map((arbitrary) => ({ arbitrary, weight: 2 })),
      );
    }
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** Percent-encoding that does not throw on a lone surrogate (sent as its UTF-8 bytes would be). */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd')).replace(/%EF%BF%BD/g, '%ED%A0%80');
  }
}

/** A query or path text, percent-encoded; now and then a broken or raw encoding. */
const encodedText = (value: unknown): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constant(encode(asText(value))), weight: 8 },
    { arbitrary: fc.constantFrom('%E0%A4%A', '%', '%zz', '%00', '%2e%2e%2f', '+', '%C0%AF'), weight: 1 },
  );

const BODY_CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
];

export interface FuzzKeys {
  admin: string;
  provider: string;
  analyst: string;
}

function requestArbitrary(
  document: OpenApiDocument,
  operation: Operation,
  keys: FuzzKeys,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParameters = operation.parameters.filter((parameter) => parameter.in === 'header');
  const pathValues = fc.tuple(
    ...pathParameters.map((parameter) =>
      fc
        .oneof(
          { arbitrary: fc.constant(parameter.example ?? parameter.schema?.example ?? 'x'), weight: 3 },
          { arbitrary: valueOf(document, parameter.schema), weight: 2 },
        )
        .chain(encodedText),
    ),
  );
  const queryValues = fc.tuple(
    ...queryParameters.map((parameter) =>
      fc.option(
        fc
          .oneof(
            { arbitrary: valueOf(document, parameter.schema), weight: 3 },
            {
              arbitrary: fc.constant(parameter.example ?? parameter.schema?.example ?? ''),
              weight: parameter.required ? 3 : 1,
            },
          )
          .chain((value) =>
            fc.tuple(encodedText(value), fc.nat({ max: 8 })).map(([text, repeat]) =>
              // Now and then the same parameter twice.
              repeat === 0 ? [text, text] : [text],
            ),
          ),
        { freq: parameter.required ? 8 : 2 },
      ),
    ),
  );
  const extraQuery = fc.option(
    fc
      .tuple(hostileString, hostileString)
      .map(([name, value]) => (name === '' ? '' : `${encode(name)}=${encode(value)}`)),
    { freq: 6 },
  );
  const body = operation.bodySchema
    ? fc.option(
        fc.oneof(
          {
            arbitrary: valueOf(document, operation.bodySchema).map((value) => JSON.stringify(value)),
            weight: 8,
          },
          { arbitrary: fc.constantFrom('{', '{"a":}', '[1,]', '\u0000', 'null', '""', ' '), weight: 1 },
          { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
        ),
        { freq: 12 },
      )
    : fc.constant(null);
  const authorization = fc.oneof(
    { arbitrary: fc.constant<string | undefined>(undefined), weight: operation.isProtected ? 2 : 4 },
    {
      arbitrary: fc.constantFrom(keys.admin, keys.provider, keys.analyst).map((key) => `Bearer ${key}`),
      weight: 6,
    },
    {
      arbitrary: fc.constantFrom('Bearer nope', 'Basic YTpi', 'Bearer', `bearer  ${keys.admin} `),
      weight: 1,
    },
  );
  const headerValues = fc.tuple(
    ...headerParameters.map((parameter) =>
      fc.option(
        fc.oneof(
          fc.constant(asText(parameter.example ?? parameter.schema?.example ?? 'x')),
          fc.string({ maxLength: 300 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
        ),
      ),
    ),
  );
  return fc
    .record({
      pathValues,
      queryValues,
      extraQuery,
      body,
      contentType: fc.constantFrom(...BODY_CONTENT_TYPES),
      authorization,
      headerValues,
      accept: fc.constantFrom('application/json', '*/*', 'text/csv', 'application/xml'),
    })
    .map((parts) => {
      let path = operation.path;
      pathParameters.forEach((parameter, index) => {
        const value = parts.pathValues[index] ?? '';
        path = path.replace(`{${parameter.name}}`, value === '' ? 'x' : value);
      });
      const query: string[] = [];
      queryParameters.forEach((parameter, index) => {
        for (const text of parts.queryValues[index] ?? []) query.push(`${encode(parameter.name)}=${text}`);
      });
      if (parts.extraQuery) query.push(parts.extraQuery);
      const headers: Record<string, string> = { accept: parts.accept };
      if (parts.authorization !== undefined) headers.authorization = parts.authorization;
      headerParameters.forEach((parameter, index) => {
        const value = parts.headerValues[index];
        if (value !== null && value !== undefined) headers[parameter.name.toLowerCase()] = value;
      });
      if (parts.body !== null) headers['content-type'] = parts.contentType;
      return {
        operation,
        method: operation.method,
        path: query.length > 0 ? `${path}?${query.join('&')}` : path,
        headers,
        ...(parts.body === null ? {} : { body: parts.body }),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Running and checking

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(baseUrl: URL, agent: Agent, fuzzRequest: FuzzRequest): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = httpRequest(
      {
        host: baseUrl.hostname,
        port: baseUrl.port,
        method: fuzzRequest.method,
        path: fuzzRequest.path,
        headers: fuzzRequest.headers,
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolvePromise({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.on('error', reject);
    outgoing.end(fuzzRequest.body);
  });
}

function describeRequest(fuzzRequest: FuzzRequest): string {
  const headers = Object.entries(fuzzRequest.headers)
    .map(([name, value]) => `${name}: ${value.slice(0, 80)}`)
    .join('; ');
  const body =
    fuzzRequest.body === undefined ? '' : ` body=${JSON.stringify(fuzzRequest.body.slice(0, 300))}`;
  return `${fuzzRequest.method} ${fuzzRequest.path.slice(0, 500)} [${headers}]${body}`;
}

/** The problems of one answer; empty when it keeps the contract. */
export function checkAnswer(
  answer: Answer,
  operation: Operation,
  validatorOf: (schema: Schema) => ValidateFunction,
): string[] {
  const problems: string[] = [];
  const contentType = String(answer.headers['content-type'] ?? '');
  const declared = operation.responses[String(answer.status)];
  // A status the operation declares with a JSON body of its own (a health check's 503) is part
  // of its contract: checked against that schema like a success.
  if (answer.status >= 400 && declared !== undefined && contentType.startsWith('application/json')) {
    return schemaProblems(answer, declared, validatorOf);
  }
  // A 503 the operation declares (a service with no enabled origin, a database being restarted) is
  // a state of the system, not a fault of the code, as long as it is a well-formed problem; a 500
  // or an undeclared 5xx always is a fault.
  const declaredUnavailable = answer.status === 503 && Object.hasOwn(operation.responses, '503');
  if (answer.status >= 500 && !declaredUnavailable) problems.push(`status ${answer.status}`);
  if (answer.status >= 400) {
    if (!contentType.startsWith('application/problem+json'))
      problems.push(`error as ${contentType || 'nothing'}`);
    else {
      try {
        const body = JSON.parse(answer.body) as { status?: unknown; title?: unknown };
        if (body.status !== answer.status || typeof body.title !== 'string')
          problems.push('malformed problem');
      } catch {
        problems.push('problem+json that is not JSON');
      }
    }
    if (answer.headers['x-content-type-options'] !== 'nosniff')
      problems.push('error without security headers');
    return problems;
  }
  if (answer.status >= 200 && answer.status < 300 && contentType.startsWith('application/json')) {
    // Declared without a JSON schema, or (Terminus's health checks under ts-jest) not at all: nothing
    // to match it against.
    return declared === undefined ? [] : schemaProblems(answer, declared, validatorOf);
  }
  return problems;
}

function schemaProblems(
  answer: Answer,
  schema: Schema,
  validatorOf: (schema: Schema) => ValidateFunction,
): string[] {
  const validate = validatorOf(schema);
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [`${answer.status} JSON that does not parse`];
  }
  return validate(body)
    ? []
    : [`${answer.status} outside its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}

export interface FuzzOptions {
  baseUrl: string;
  keys: FuzzKeys;
  requests: number;
  seed?: number;
  concurrency?: number;
  /** Called every 1,000 requests. */
  onProgress?: (done: number) => void;
}

/** Fuzzes every operation of the service's /docs-json, `requests` requests spread evenly over them. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const baseUrl = new URL(options.baseUrl);
  const documentResponse = await fetch(new URL('/docs-json', baseUrl));
  const document = (await documentResponse.json()) as OpenApiDocument;
  const operations = operationsOf(document);
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components ?? {}) });
  const validators = new Map<Schema, ValidateFunction>();
  const validatorOf = (schema: Schema) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as Schema);
      validators.set(schema, validate);
    }
    return validate;
  };
  const arbitrary = fc.oneof(
    ...operations.map((operation) => requestArbitrary(document, operation, options.keys)),
  );
  const samples = fc.sample(arbitrary, { numRuns: options.requests, seed });
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 4 });
  const statuses: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  const started = Date.now();
  let next = 0;
  let completed = 0;
  const worker = async () => {
    while (next < samples.length) {
      const fuzzRequest = samples[next++]!;
      let answer: Answer;
      try {
        answer = await send(baseUrl, agent, fuzzRequest);
      } catch (error) {
        findings.push({ request: describeRequest(fuzzRequest), status: 0, problem: String(error), body: '' });
        continue;
      }
      statuses[String(answer.status)] = (statuses[String(answer.status)] ?? 0) + 1;
      for (const problem of checkAnswer(answer, fuzzRequest.operation, validatorOf)) {
        findings.push({
          request: describeRequest(fuzzRequest),
          status: answer.status,
          problem,
          body: answer.body.slice(0, 500),
        });
      }
      completed += 1;
      if (completed % 1000 === 0) options.onProgress?.(completed);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  agent.destroy();
  return {
    requests: samples.length,
    operations: operations.length,
    durationMs: Date.now() - started,
    statuses,
    findings,
    seed,
  };
}
