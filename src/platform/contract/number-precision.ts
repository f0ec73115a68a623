import { ApiProperty } from '@nestjs/swagger';

/**
 * The precision of the numbers of the API's answers, by unit (docs/API-NUMBERS.md). Figures are
 * computed exactly inside (the domain keeps every digit) and rounded once, as they are written.
 *
 * - `significant`: that many significant digits, so that a tiny figure (0.0002135 g) keeps its
 *   digits; a figure with that many integer digits or more is rounded to a whole number (no digit
 *   of the integer part is dropped: 123456.7 → 123457).
 * - `decimals`: that many digits after the decimal point.
 *
 * Rounding is half away from zero, so that a saving and the same cost round alike.
 */
export type PrecisionRule = { significant: number } | { decimals: number };

export const PRECISION_BY_UNIT = {
  g: { significant: 4 },
  kg: { significant: 4 },
  kWh: { significant: 4 },
  GB: { significant: 4 },
  USD: { decimals: 6 },
  minutes: { decimals: 3 },
  hours: { decimals: 3 },
  percent: { decimals: 2 },
  'gCO2e/kWh': { decimals: 2 },
  km: { decimals: 1 },
  ms: { decimals: 1 },
  seconds: { decimals: 0 },
  degrees: { decimals: 4 },
  ratio: { decimals: 4 },
  score: { significant: 6 },
  coefficient: { significant: 6 },
  'bit/s': { significant: 4 },
  samples: { decimals: 1 },
} as const satisfies Record<string, PrecisionRule>;

export type NumberUnit = keyof typeof PRECISION_BY_UNIT;

/** The OpenAPI extension naming a number property's unit (a key of PRECISION_BY_UNIT). */
export const PRECISION_EXTENSION = 'x-precision';

/**
 * The unit of a number property whose name does not say it (`@Precision('kWh')`), or whose name
 * says another (a score in grams or dollars). Written into the OpenAPI document as `x-precision`.
 */
export function Precision(unit: NumberUnit): PropertyDecorator {
  // Merged into the property's @ApiProperty metadata (a second @ApiProperty without a type adds keys).
  return ApiProperty({ [PRECISION_EXTENSION]: unit } as Parameters<typeof ApiProperty>[0]);
}

/**
 * The unit a property name declares, by the naming convention of the contract classes: a suffix
 * (`emissionsG`, `yearlyDeltaKg`, `dataCentreEnergyKwh`, `dataVolumeGb`, `durationMinutes`,
 * `deltaPercent`, `distanceKm`, `estimatedRttMs`, `ageSeconds`, `throughputBps`), `Usd` anywhere (`costUsd`,
 * `egressUsdPerGb`), `PerKwh` for an intensity, and `latitude`/`longitude`. Undefined when the
 * name says nothing: such a property must carry `@Precision`.
 */
export function unitOfName(name: string): NumberUnit | undefined {
  if (/Usd(?:[A-Z]|$)/.test(name) || name === 'usd') return 'USD';
  if (/PerKwh$/.test(name)) return 'gCO2e/kWh';
  if (/(?:^|[a-z])Kwh$/.test(name)) return 'kWh';
  if (/(?:^|[a-z])Kg$/.test(name)) return 'kg';
  if (/(?:^|[a-z])G$/.test(name)) return 'g';
  if (/(?:^|[a-z])Gb$/.test(name)) return 'GB';
  if (/(?:^m|M)inutes$/.test(name)) return 'minutes';
  if (/(?:^h|H)ours$/.test(name)) return 'hours';
  if (/(?:^s|S)econds$/.test(name)) return 'seconds';
  if (/(?:^p|P)ercent$/.test(name)) return 'percent';
  if (/(?:^|[a-z])Km$/.test(name)) return 'km';
  if (/(?:^|[a-z])Ms$/.test(name)) return 'ms';
  if (/(?:^|[a-z])Bps$/.test(name)) return 'bit/s';
  if (name === 'latitude' || name === 'longitude') return 'degrees';
  return undefined;
}

/** The unit of a number property: its `x-precision`, else its name's. */
export function unitOfProperty(name: string, schema: object): NumberUnit | undefined {
  const declared = (schema as Record<string, unknown>)[PRECISION_EXTENSION];
  if (typeof declared === 'string') {
    if (!(declared in PRECISION_BY_UNIT)) throw new Error(`${name}: unknown precision unit '${declared}'`);
    return declared as NumberUnit;
  }
  return unitOfName(name);
}

/** The rounding of a rule, as a function of a finite number. */
export function rounderOf(rule: PrecisionRule): (value: number) => number {
  if ('decimals' in rule) {
    const factor = 10 ** rule.decimals;
    return (value) => roundToFactor(value, factor);
  }
  const digits = rule.significant;
  return (value) => {
    if (value === 0 || !Number.isFinite(value)) return value;
    const decimals = digits - 1 - Math.floor(Math.log10(Math.abs(value)));
    if (decimals <= 0) return roundToFactor(value, 1);
    // n / 10^d is the double nearest the decimal n·10^-d while both are exact (d ≤ 22):
    // it prints with exactly the kept digits.
    if (decimals <= 22) return roundToFactor(value, 10 ** decimals);
    return Number(value.toPrecision(digits));
  };
}

function roundToFactor(value: number, factor: number): number {
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  // No -0 (written 0 anyway): a rounded-away saving is no saving.
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Whether `value` carries no more digits than the rule keeps (for tests and checks). */
export function holdsPrecision(value: number, rule: PrecisionRule): boolean {
  return rounderOf(rule)(value) === value;
}

/** A human description of a rule, for the OpenAPI document and the docs. */
export function describeRule(rule: PrecisionRule): string {
  if ('decimals' in rule) {
    return rule.decimals === 0 ? 'a whole number' : `${rule.decimals} decimal${rule.decimals > 1 ? 's' : ''}`;
  }
  return `${rule.significant} significant digits`;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type OpenApiNode = any;

/**
 * Writes into an OpenAPI document the precision of every number of the JSON answers (2xx): each
 * number property of a schema an answer reaches gets `x-precision` (its unit) and its description
 * a sentence saying how it is rounded. Throws for a number with no unit, as `roundingOf` does.
 */
export function documentPrecision(document: OpenApiNode): void {
  const schemas: Record<string, OpenApiNode> = document.components?.schemas ?? {};
  const visited = new Set<string>();
  const visit = (node: OpenApiNode, where: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '');
      if (visited.has(name)) return;
      visited.add(name);
      visit(schemas[name], name);
      return;
    }
    for (const part of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])])
      visit(part, where);
    if (node.items !== undefined) visit(node.items, where);
    for (const [key, property] of Object.entries<OpenApiNode>(node.properties ?? {})) {
      if (property.type === 'number') annotate(property, key, `${where}.${key}`);
      else visit(property, `${where}.${key}`);
    }
  };
  for (const item of Object.values<OpenApiNode>(document.paths ?? {})) {
    for (const operation of Object.values<OpenApiNode>(item)) {
      for (const [status, response] of Object.entries<OpenApiNode>(operation?.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        visit(response?.content?.['application/json']?.schema, status);
      }
    }
  }
}

function annotate(property: OpenApiNode, key: string, where: string): void {
  const unit = unitOfProperty(key, property);
  if (unit === undefined) throw new Error(`${where}: a number without a unit (docs/API-NUMBERS.md)`);
  property[PRECISION_EXTENSION] = unit;
  const sentence = `Rounded to ${describeRule(PRECISION_BY_UNIT[unit])}.`;
  const description = typeof property.description === 'string' ? property.description : '';
  if (!description.endsWith(sentence)) {
    property.description = description === '' ? sentence : `${description}. ${sentence}`.replace('.. ', '. ');
  }
}
