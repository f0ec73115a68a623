/**
 * What Swagger UI's "Try it out" sends for an operation, as pre-filled from the OpenAPI document:
 * each parameter's example (else its schema's example, else its default), and a body from the media
 * type's example (or first named example), else sampled from the schema the way Swagger UI does
 * (every property, its example or default, else a placeholder of its type).
 */

import {
  holdsPrecision,
  PRECISION_BY_UNIT,
  type PrecisionRule,
} from '../../src/platform/contract/number-precision.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Json;
}

export interface ExampleRequest {
  method: string;
  /** Path with its parameters filled in and the query string. */
  url: string;
  headers: Record<string, string>;
  body?: Json;
}

const METHOD_ORDER = ['post', 'put', 'get', 'head', 'patch', 'delete'];

/**
 * Every operation of the document, creations first, then reads, updates and deletions, each group in
 * document order: a POST creates what a later read, PATCH or DELETE of the same example id uses (the
 * steering examples read the service that `POST /services` creates).
 */
export function operationsOf(document: Json): DocumentedOperation[] {
  const operations: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const method of METHOD_ORDER) {
      if (item[method] !== undefined) operations.push({ method, path, operation: item[method] });
    }
  }
  return operations
    .map((operation, index) => ({ operation, index }))
    .sort((a, b) => {
      const rank = METHOD_ORDER.indexOf(a.operation.method) - METHOD_ORDER.indexOf(b.operation.method);
      if (rank !== 0) return rank;
      // Deletions of nested things first: an origin before its service.
      if (a.operation.method === 'delete') {
        const depth = b.operation.path.split('/').length - a.operation.path.split('/').length;
        if (depth !== 0) return depth;
      }
      return a.index - b.index;
    })
    .map(({ operation }) => operation);
}

function resolve(document: Json, schema: Json): Json {
  let current = schema;
  while (current?.$ref !== undefined) {
    const path = String(current.$ref).replace(/^#\//, '').split('/');
    current = path.reduce((node: Json, key: string) => node?.[key], document);
  }
  return current;
}

function parameterValue(document: Json, parameter: Json): Json {
  const resolved = resolve(document, parameter);
  const schema = resolve(document, resolved.schema ?? {});
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.examples !== undefined) return (Object.values(resolved.examples)[0] as Json)?.value;
  if (schema.example !== undefined) return schema.example;
  return schema.default;
}

/** A sample of the schema, as Swagger UI builds a body to pre-fill. */
export function sampleOf(document: Json, schemaOrRef: Json, depth = 0): Json {
  const schema = resolve(document, schemaOrRef ?? {});
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (depth > 8) return undefined;
  if (schema.allOf !== undefined) {
    const parts = schema.allOf.map((part: Json) => sampleOf(document, part, depth + 1));
    return parts.every((part: Json) => typeof part === 'object' && part !== null && !Array.isArray(part))
      ? Object.assign({}, ...parts)
      : parts[0];
  }
  if (schema.oneOf !== undefined) return sampleOf(document, schema.oneOf[0], depth + 1);
  if (schema.anyOf !== undefined) return sampleOf(document, schema.anyOf[0], depth + 1);
  if (schema.enum !== undefined) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'array') return [sampleOf(document, schema.items, depth + 1)];
  if (type === 'object' || schema.properties !== undefined) {
    return Object.fromEntries(
      Object.entries<Json>(schema.properties ?? {})
        .filter(([, property]) => !resolve(document, property).readOnly)
        .map(([name, property]) => [name, sampleOf(document, property, depth + 1)]),
    );
  }
  if (type === 'integer' || type === 'number') return schema.minimum ?? 0;
  if (type === 'boolean') return true;
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
  return 'string';
}

/**
 * The requests "Try it out" sends for the operation, unchanged: one, or one per named example of
 * its body.
 */
export function exampleRequests(
  document: Json,
  { method, path, operation }: DocumentedOperation,
): ExampleRequest[] {
  let url = path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of (operation.parameters ?? []).map((p: Json) => resolve(document, p))) {
    const value = parameterValue(document, parameter);
    if (value === undefined) {
      if (parameter.required)
        throw new Error(`${method.toUpperCase()} ${path}: ${parameter.name} has no example`);
      continue;
    }
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(text));
    else if (parameter.in === 'query') query.append(parameter.name, text);
    else if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = text;
  }
  const search = query.toString();
  const request: ExampleRequest = {
    method: method.toUpperCase(),
    url: search ? `${url}?${search}` : url,
    headers,
  };
  const media = resolve(document, operation.requestBody ?? {})?.content?.['application/json'];
  if (media === undefined) return [request];
  const bodies: Json[] =
    media.example !== undefined
      ? [media.example]
      : media.examples !== undefined
        ? Object.values<Json>(media.examples).map((example) => example.value)
        : [sampleOf(document, media.schema)];
  return bodies.map((body) => ({
    ...request,
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  }));
}

/** The documented schema of the operation's answer (status 2xx, JSON). */
export function answerSchema(document: Json, operation: Json, status: number): Json {
  return resolve(document, operation.responses?.[String(status)] ?? {})?.content?.['application/json']
    ?.schema;
}

/**
 * Where a real answer leaves its documented schema: fields the schema does not declare (unless it
 * allows any), objects where it declares an array and the reverse, at any depth (an array's first
 * three elements). Values are not compared; null matches a nullable field.
 */
export function schemaDifferences(document: Json, schemaOrRef: Json, actual: Json, at = '$'): string[] {
  const schema = resolve(document, schemaOrRef ?? {});
  if (actual === null || actual === undefined) return [];
  if (schema.allOf !== undefined) {
    const parts = schema.allOf.map((part: Json) => resolve(document, part));
    const merged = {
      ...Object.assign({}, ...parts),
      properties: Object.assign(
        {},
        ...parts.map((part: Json) => part.properties ?? {}),
        schema.properties ?? {},
      ),
    };
    delete merged.allOf;
    return schemaDifferences(document, merged, actual, at);
  }
  if (schema.oneOf !== undefined || schema.anyOf !== undefined) return [];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (Array.isArray(actual)) {
    if (type !== undefined && type !== 'array') return [`${at}: an array, documented as ${type}`];
    return actual
      .slice(0, 3)
      .flatMap((item, index) => schemaDifferences(document, schema.items, item, `${at}[${index}]`));
  }
  if (typeof actual !== 'object') return [];
  if (type === 'array') return [`${at}: an object, documented as an array`];
  const properties: Record<string, Json> = schema.properties ?? {};
  const differences: string[] = [];
  for (const [key, value] of Object.entries(actual)) {
    if (key in properties)
      differences.push(...schemaDifferences(document, properties[key], value, `${at}.${key}`));
    else if (typeof schema.additionalProperties === 'object') {
      differences.push(...schemaDifferences(document, schema.additionalProperties, value, `${at}.${key}`));
    } else if (schema.additionalProperties !== true && schema.properties !== undefined) {
      // An object declared without properties is an open map (e.g. a scenario's changes).
      differences.push(`${at}.${key}: in the answer, not documented`);
    }
  }
  return differences;
}

/**
 * Where an answer's numbers leave the precision the document gives them (docs/API-NUMBERS.md):
 * each `number` field must carry `x-precision`, a unit of the table, and hold no more digits than
 * its rule keeps; each `integer` field must be whole. `oneOf` takes the member whose properties
 * hold all of the value's keys. Walks every element of arrays.
 */
export function precisionViolations(document: Json, schemaOrRef: Json, actual: Json, at = '$'): string[] {
  const schema = resolve(document, schemaOrRef ?? {});
  if (actual === null || actual === undefined) return [];
  if (schema.allOf !== undefined) {
    return schema.allOf.flatMap((part: Json) => precisionViolations(document, part, actual, at));
  }
  if (schema.oneOf !== undefined || schema.anyOf !== undefined) {
    const members: Json[] = (schema.oneOf ?? schema.anyOf).map((member: Json) => resolve(document, member));
    const member = members.find(
      (candidate) =>
        typeof actual === 'object' && Object.keys(actual).every((key) => key in (candidate.properties ?? {})),
    );
    return member === undefined
      ? [`${at}: matches no member of oneOf`]
      : precisionViolations(document, member, actual, at);
  }
  if (Array.isArray(actual)) {
    return actual.flatMap((item, index) =>
      precisionViolations(document, schema.items ?? {}, item, `${at}[${index}]`),
    );
  }
  if (typeof actual === 'number') {
    if (schema.type === 'integer')
      return Number.isInteger(actual) ? [] : [`${at}: ${actual} is not an integer`];
    if (schema.type !== 'number') return [];
    const unit = schema['x-precision'];
    const rule = (PRECISION_BY_UNIT as Record<string, PrecisionRule>)[unit];
    if (rule === undefined) return [`${at}: a number without a documented precision (x-precision ${unit})`];
    return holdsPrecision(actual, rule) ? [] : [`${at}: ${actual} has more digits than ${unit} keeps`];
  }
  if (typeof actual !== 'object') return [];
  return Object.entries<Json>(actual).flatMap(([key, value]) =>
    schema.properties?.[key] === undefined
      ? []
      : precisionViolations(document, schema.properties[key], value, `${at}.${key}`),
  );
}

/**
 * Where a value leaves its schema's types: a string where a number is declared, a value outside an
 * enum, a missing required field. What Swagger UI shows as an example answer must pass.
 */
export function typeViolations(document: Json, schemaOrRef: Json, actual: Json, at = '$'): string[] {
  const schema = resolve(document, schemaOrRef ?? {});
  if (actual === null && schema.nullable === true) return [];
  if (schema.allOf !== undefined) {
    return schema.allOf.flatMap((part: Json) => typeViolations(document, part, actual, at));
  }
  if (schema.oneOf !== undefined) {
    // Swagger UI shows the first member's example.
    return typeViolations(document, schema.oneOf[0], actual, at);
  }
  if (actual === null) return schema.nullable === true ? [] : [`${at}: null, not nullable`];
  if (actual === undefined) return [`${at}: no example`];
  if (schema.enum !== undefined && !schema.enum.includes(actual)) return [`${at}: ${actual} not in the enum`];
  const type = schema.type ?? (schema.properties !== undefined ? 'object' : undefined);
  const actualType = Array.isArray(actual) ? 'array' : typeof actual;
  const expected = type === 'integer' ? 'number' : type;
  if (expected !== undefined && expected !== actualType)
    return [`${at}: a ${actualType}, documented as ${type}`];
  if (type === 'array') {
    return actual.flatMap((item: Json, index: number) =>
      typeViolations(document, schema.items, item, `${at}[${index}]`),
    );
  }
  if (type !== 'object') return [];
  const missing = (schema.required ?? [])
    .filter((key: string) => !(key in actual))
    .map((key: string) => `${at}.${key}: required, missing`);
  return [
    ...missing,
    ...Object.entries<Json>(schema.properties ?? {})
      .filter(([key]) => key in actual)
      .flatMap(([key, property]) => typeViolations(document, property, actual[key], `${at}.${key}`)),
  ];
}
