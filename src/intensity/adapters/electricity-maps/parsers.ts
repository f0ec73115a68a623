import type {
  CarbonIntensityForecast,
  CarbonIntensityForecastPoint,
  CarbonIntensityReading,
  ZoneAccessMap,
} from './electricity-maps.types.js';

/**
 * Response bodies → domain values (Dates, numbers). Small and strict: anything unexpected throws a
 * BodyRejectedError of kind 'malformed'. Pure functions, no HTTP.
 */

/** Timestamps in responses are ISO 8601 with an explicit offset; anything else (e.g. "March 7") is malformed. */
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A 2xx body the client refuses; `kind` is 'no-data' for a well-formed "no value" answer. */
export class BodyRejectedError extends Error {
  constructor(
    readonly kind: 'malformed' | 'no-data',
    message: string,
  ) {
    super(message);
  }
}

/** The body of a 2xx answer as JSON; malformed when it is not JSON. */
export function parseJson(body: string): unknown {
  const value = readJson(body);
  return value === undefined ? malformed('body is not JSON') : value;
}

/**
 * A string field (e.g. `error` of an error body, `status` of /health) of a JSON object body, or undefined:
 * such bodies may be plain text such as "Access denied".
 */
export function readTextField(body: string, field: string): string | undefined {
  const parsed = readJson(body);
  const value = isRecord(parsed) ? parsed[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The latest value; 'no-data' when its carbonIntensity is null. */
export function parseLatest(body: unknown, zone: string): CarbonIntensityReading {
  const reading = parseReading(body, zone, 'body', true);
  if (reading === null) throw new BodyRejectedError('no-data', 'latest carbonIntensity is null');
  return reading;
}

/** `{ zone, history: [...] }` or `{ zone, data: [...] }`; rows sorted ascending, null values dropped. */
export function parseReadingList(
  body: unknown,
  zone: string,
  listKey: 'history' | 'data',
): CarbonIntensityReading[] {
  const record = asRecord(body, 'body');
  checkZone(record.zone, zone, 'body.zone', false);
  const rows = asArray(record[listKey], `body.${listKey}`);
  return rows
    .map((row, index) => parseReading(row, zone, `body.${listKey}[${index}]`, false))
    .filter((row): row is CarbonIntensityReading => row !== null)
    .sort((a, b) => a.datetime.getTime() - b.datetime.getTime());
}

export function parseForecast(body: unknown, zone: string): CarbonIntensityForecast {
  const record = asRecord(body, 'body');
  checkZone(record.zone, zone, 'body.zone', false);
  const points: CarbonIntensityForecastPoint[] = [];
  asArray(record.forecast, 'body.forecast').forEach((value, index) => {
    const row = asRecord(value, `body.forecast[${index}]`);
    const gCo2ePerKwh = readIntensity(row.carbonIntensity, `body.forecast[${index}].carbonIntensity`);
    const datetime = readInstant(row.datetime, `body.forecast[${index}].datetime`);
    if (gCo2ePerKwh !== null) points.push({ datetime, gCo2ePerKwh });
  });
  points.sort((a, b) => a.datetime.getTime() - b.datetime.getTime());
  return { zone, updatedAt: readOptionalInstant(record.updatedAt, 'body.updatedAt'), points };
}

export function parseZones(body: unknown): ZoneAccessMap {
  const zones: ZoneAccessMap = new Map();
  for (const [zoneKey, value] of Object.entries(asRecord(body, 'body'))) {
    const entry = asRecord(value, `body.${zoneKey}`);
    const zoneName = readOptionalString(entry.zoneName, `body.${zoneKey}.zoneName`);
    const countryName = readOptionalString(entry.countryName, `body.${zoneKey}.countryName`);
    // Without an access list the token can read nothing there that we know of.
    const access =
      entry.access === undefined
        ? []
        : asArray(entry.access, `body.${zoneKey}.access`).map((item) =>
            typeof item === 'string' ? item : malformed(`body.${zoneKey}.access has a non-string entry`),
          );
    zones.set(zoneKey, {
      ...(zoneName === undefined ? {} : { zoneName }),
      ...(countryName === undefined ? {} : { countryName }),
      access,
    });
  }
  return zones;
}

/** A latest/history/past-range row; null when its carbonIntensity is null. */
function parseReading(
  value: unknown,
  zone: string,
  where: string,
  isZoneRequired: boolean,
): CarbonIntensityReading | null {
  const row = asRecord(value, where);
  checkZone(row.zone, zone, `${where}.zone`, isZoneRequired);
  const gCo2ePerKwh = readIntensity(row.carbonIntensity, `${where}.carbonIntensity`);
  const datetime = readInstant(row.datetime, `${where}.datetime`);
  if (typeof row.isEstimated !== 'boolean') malformed(`${where}.isEstimated is not a boolean`);
  const method = row.estimationMethod;
  if (method !== undefined && method !== null && typeof method !== 'string') {
    malformed(`${where}.estimationMethod is not a string`);
  }
  const updatedAt = readOptionalInstant(row.updatedAt, `${where}.updatedAt`);
  if (gCo2ePerKwh === null) return null;
  return {
    zone,
    datetime,
    gCo2ePerKwh,
    isEstimated: row.isEstimated,
    estimationMethod: method ?? null,
    updatedAt,
  };
}

/** The parsed JSON, or undefined when `text` is not JSON (no JSON text parses to undefined). */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function malformed(message: string): never {
  throw new BodyRejectedError('malformed', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  return isRecord(value) ? value : malformed(`${where} is not an object`);
}

function asArray(value: unknown, where: string): unknown[] {
  return Array.isArray(value) ? value : malformed(`${where} is not an array`);
}

function readInstant(value: unknown, where: string): Date {
  if (typeof value !== 'string' || !ISO_INSTANT_PATTERN.test(value))
    malformed(`${where} is not an ISO instant`);
  const date = new Date(value);
  return Number.isFinite(date.getTime()) ? date : malformed(`${where} is not a valid date`);
}

function readOptionalInstant(value: unknown, where: string): Date | null {
  return value === undefined || value === null ? null : readInstant(value, where);
}

/** gCO2e/kWh: a finite number >= 0, or null for "no value for this hour". */
function readIntensity(value: unknown, where: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return malformed(`${where} is not a finite number >= 0`);
  }
  return value;
}

function readOptionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : malformed(`${where} is not a string`);
}

function checkZone(value: unknown, expectedZone: string, where: string, isRequired: boolean): void {
  if (value === undefined && !isRequired) return;
  if (value !== expectedZone) malformed(`${where} is ${JSON.stringify(value)}, expected ${expectedZone}`);
}
