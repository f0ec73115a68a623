import type { Type } from '@nestjs/common';
import { generateSchema, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { PRECISION_BY_UNIT, rounderOf, unitOfProperty } from './number-precision.js';

/** Rounds the numbers of an answer to their unit's precision: a copy along the numeric paths. */
export type Rounding = <T>(answer: T) => T;

const SCHEMA_REF_PREFIX = '#/components/schemas/';
const roundingByClass = new WeakMap<Type<unknown>, Rounding>();

/**
 * The rounding of the numbers of a `dto` answer, each to the precision of its unit
 * (PRECISION_BY_UNIT): its `@Precision`, else the unit its name declares. Derived once per class
 * from the Swagger metadata; throws for a non-integer number property whose unit is unknown, so that
 * a new field must choose. Integers (`type: 'integer'`) are written as they are.
 */
export function roundingOf(dto: Type<unknown>): Rounding {
  let rounding = roundingByClass.get(dto);
  if (rounding === undefined) {
    const { schema: root, schemas } = generateSchema(dto);
    if (root === undefined)
      throw new Error(`Cannot derive the rounding of ${dto.name}: a class without a schema of its name`);
    const round = new RoundingDerivation(schemas).derive(root, dto.name);
    rounding = (round ?? ((answer: unknown) => answer)) as Rounding;
    roundingByClass.set(dto, rounding);
  }
  return rounding;
}

type Round = (value: unknown) => unknown;

/**
 * Compiles the rounding of one DTO tree: a function per object that copies it with its numeric
 * fields rounded (and only those subtrees), undefined for a subtree without a non-integer number.
 */
class RoundingDerivation {
  private readonly byName = new Map<string, Round | undefined>();
  private readonly resolving = new Set<string>();

  constructor(private readonly schemas: Record<string, SchemaObject>) {}

  derive(node: SchemaObject | ReferenceObject, where: string): Round | undefined {
    if ('$ref' in node) {
      const name = node.$ref.slice(SCHEMA_REF_PREFIX.length);
      if (this.byName.has(name)) return this.byName.get(name);
      const target = this.schemas[name];
      if (target === undefined) throw new Error(`${where}: the reference ${node.$ref} is not in the schemas`);
      if (this.resolving.has(name)) throw new Error(`${where}: a recursive DTO (${name}) is not supported`);
      this.resolving.add(name);
      const round = this.derive(target, name);
      this.resolving.delete(name);
      this.byName.set(name, round);
      return round;
    }
    if (node.allOf?.length === 1) return this.derive(node.allOf[0] as SchemaObject, where);
    if (node.type === 'number') {
      const key = where.slice(where.lastIndexOf('.') + 1);
      const unit = unitOfProperty(key, node);
      if (unit === undefined) {
        throw new Error(
          `${where}: a number without a unit: name it by the convention or add @Precision (docs/API-NUMBERS.md)`,
        );
      }
      const round = rounderOf(PRECISION_BY_UNIT[unit]);
      return (value) => (typeof value === 'number' ? round(value) : value);
    }
    if (node.type === 'array' && node.items !== undefined) {
      const item = this.derive(node.items, where);
      if (item === undefined) return undefined;
      return (value) => (Array.isArray(value) ? value.map(item) : value);
    }
    const fields: [string, Round][] = [];
    for (const [key, property] of Object.entries(node.properties ?? {})) {
      const round = this.derive(property, `${where}.${key}`);
      if (round !== undefined) fields.push([key, round]);
    }
    if (fields.length === 0) return undefined;
    return (value) => {
      if (typeof value !== 'object' || value === null) return value;
      const copy: Record<string, unknown> = { ...value };
      for (const [key, round] of fields) {
        const field = copy[key];
        if (field !== undefined && field !== null) copy[key] = round(field);
      }
      return copy;
    };
  }
}
