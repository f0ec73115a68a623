import type { Type } from '@nestjs/common';
import { generateSchema, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import fastJsonStringify from 'fast-json-stringify';
import { roundingOf } from '../contract/rounding.js';

/**
 * The JSON Schema of a response as fast-json-stringify needs it: types, nesting, nullability and
 * required fields, nothing that only documents (descriptions, examples, enums, formats, defaults).
 */
export type ResponseSchema =
  | { type: 'string' | 'number' | 'integer' | 'boolean'; nullable?: true }
  | { type: 'array'; items: ResponseSchema; nullable?: true }
  | {
      type: 'object';
      properties: Record<string, ResponseSchema>;
      required: string[];
      nullable?: true;
      /** Only for an object declared `additionalProperties: true`: written as it is. */
      additionalProperties?: true;
    };

const SCALAR_TYPES: ReadonlySet<unknown> = new Set(['string', 'number', 'integer', 'boolean']);
const SCHEMA_REF_PREFIX = '#/components/schemas/';

const schemaByClass = new WeakMap<Type<unknown>, ResponseSchema>();
const serializerByClass = new WeakMap<Type<unknown>, (answer: object) => string>();
/** The schemas responseSchemaOf and listSchemaOf handed out, to the serialiser of their class. */
const serializerBySchema = new WeakMap<object, (answer: unknown) => string>();
const listSchemaByClass = new WeakMap<Type<unknown>, ResponseSchema>();

/**
 * The serialisation schema of a response DTO, derived from its Swagger metadata by
 * @nestjs/swagger's own schema factory (the one that writes the OpenAPI document), so the
 * document and the serialiser cannot disagree. Computed once per class; frozen.
 *
 * fast-json-stringify writes the declared properties only, required ones first, each in
 * declaration order: declare a DTO's optional properties last so that the document lists the
 * fields in the order the route writes them.
 */
export function responseSchemaOf(dto: Type<unknown>): ResponseSchema {
  let schema = schemaByClass.get(dto);
  if (schema === undefined) {
    const { schema: root, schemas } = generateSchema(dto);
    if (root === undefined) throw unsupported(dto.name, 'a class without a schema of its name');
    schema = deepFreeze(new Derivation(schemas).derive(root, dto.name));
    schemaByClass.set(dto, schema);
    serializerBySchema.set(schema, (answer) => serializerOf(dto)(answer as object));
  }
  return schema;
}

/** The schema of an answer that is a JSON array of `dto`, serialised like `serializerOf`. */
export function listSchemaOf(dto: Type<unknown>): ResponseSchema {
  let schema = listSchemaByClass.get(dto);
  if (schema === undefined) {
    const list: ResponseSchema = deepFreeze({ type: 'array', items: responseSchemaOf(dto) });
    const round = roundingOf(dto);
    const serialize = fastJsonStringify(list as Parameters<typeof fastJsonStringify>[0]);
    serializerBySchema.set(list, (answer) => serialize((answer as unknown[]).map(round)));
    listSchemaByClass.set(dto, list);
    schema = list;
  }
  return schema;
}

/**
 * A fast-json-stringify serialiser of `responseSchemaOf(dto)` that first rounds the answer's
 * numbers (`roundingOf`), compiled once per class: the one way a JSON answer is written.
 */
export function serializerOf(dto: Type<unknown>): (answer: object) => string {
  let serialize = serializerByClass.get(dto);
  if (serialize === undefined) {
    const write = fastJsonStringify(responseSchemaOf(dto) as Parameters<typeof fastJsonStringify>[0]);
    const round = roundingOf(dto);
    serialize = (answer) => write(round(answer));
    serializerByClass.set(dto, serialize);
  }
  return serialize;
}

/**
 * Fastify's serialiser compiler for the routes that declare `@RouteSchema({ response })`: the
 * schema must come from responseSchemaOf or listSchemaOf, and its answers are rounded and written
 * by serializerOf. Any other schema fails the route at start-up (an answer would go unrounded).
 */
export function responseSerializerCompiler({
  schema,
  method,
  url,
}: {
  schema: object;
  method: string;
  url: string;
}): (answer: unknown) => string {
  const serialize = serializerBySchema.get(schema);
  if (serialize === undefined) {
    throw new Error(`${method} ${url}: a response schema not made by responseSchemaOf or listSchemaOf`);
  }
  return serialize;
}

/** Turns the Swagger schemas of one DTO tree into a ResponseSchema, inlining every reference. */
class Derivation {
  private readonly derivedByName = new Map<string, ResponseSchema>();
  private readonly resolving: string[] = [];

  constructor(private readonly schemas: Record<string, SchemaObject>) {}

  derive(node: SchemaObject | ReferenceObject, where: string): ResponseSchema {
    if ('$ref' in node) return this.resolve(node.$ref, where);
    const nullable = node.nullable === true ? ({ nullable: true } as const) : {};
    if (node.oneOf !== undefined || node.anyOf !== undefined) {
      throw unsupported(where, 'oneOf/anyOf (a serialiser needs one shape per field)');
    }
    if (node.allOf !== undefined) {
      // Swagger writes a described or nullable nested DTO as `allOf: [{ $ref }]`.
      const [only, ...others] = node.allOf;
      if (only === undefined || others.length > 0)
        throw unsupported(where, 'allOf with other than one member');
      return { ...this.derive(only, where), ...nullable };
    }
    if (SCALAR_TYPES.has(node.type)) {
      return { type: node.type as 'string' | 'number' | 'integer' | 'boolean', ...nullable };
    }
    if (node.type === 'array') {
      if (node.items === undefined) throw unsupported(where, 'an array without items');
      return { type: 'array', items: this.derive(node.items, `${where}[]`), ...nullable };
    }
    const hasProperties = node.properties !== undefined && Object.keys(node.properties).length > 0;
    if (node.type === 'object' && !hasProperties && node.additionalProperties === true) {
      return { type: 'object', properties: {}, required: [], additionalProperties: true, ...nullable };
    }
    if ((node.type === 'object' || node.type === undefined) && hasProperties) {
      const properties: Record<string, ResponseSchema> = {};
      for (const [key, property] of Object.entries(node.properties ?? {})) {
        properties[key] = this.derive(property, `${where}.${key}`);
      }
      return { type: 'object', properties, required: [...(node.required ?? [])], ...nullable };
    }
    // An object without declared properties would be written `{}`: refuse it, and unknown types.
    throw unsupported(where, `type ${JSON.stringify(node.type)} without properties`);
  }

  private resolve(ref: string, where: string): ResponseSchema {
    const name = ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : undefined;
    const target = name === undefined ? undefined : this.schemas[name];
    if (name === undefined || target === undefined) throw unsupported(where, `the reference ${ref}`);
    const known = this.derivedByName.get(name);
    if (known !== undefined) return known;
    if (this.resolving.includes(name)) throw unsupported(where, `a recursive DTO (${name})`);
    this.resolving.push(name);
    const derived = this.derive(target, name);
    this.resolving.pop();
    this.derivedByName.set(name, derived);
    return derived;
  }
}

function unsupported(where: string, what: string): Error {
  return new Error(`Cannot derive a response schema for ${where}: ${what} is not supported`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
