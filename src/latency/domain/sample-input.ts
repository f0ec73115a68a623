/**
 * The body of POST /latency-samples, checked by hand (docs/LATENCY.md#post-latency-samples): every
 * problem names the sample's index and field (`samples[3].rttMs`), and one bad sample refuses the
 * whole batch. Pure: what is known (countries, zones, regions, origins) comes through `lookups`.
 */
import { InvalidInputError, type FieldProblem } from '../../platform/kernel/errors.js';
import type { Country } from '../../geo/domain/countries.js';
import { locateViewer, type ViewerLookups } from '../../geo/domain/viewer-location.js';
import { SAMPLE_KINDS, type LatencySample, type SampleKind } from './ewma.js';

export const MAX_SAMPLES_PER_REQUEST = 1000;
/** A round trip over a minute is not a round trip (a stalled player, a clock bug). */
export const MAX_RTT_MS = 60_000;
/** Throughput range, bits/s: 1 kbit/s to 1 Tbit/s (the steering manifests' bound). */
export const MIN_THROUGHPUT_BPS = 1_000;
export const MAX_THROUGHPUT_BPS = 1_000_000_000_000;
/** A sample may be this far in the future (clock skew between the player and us), no more. */
export const MAX_CLOCK_SKEW_MS = 60_000;
const MAX_PROBLEMS = 100;
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const SAMPLE_FIELDS = new Set([
  'viewerCountry',
  'viewerZone',
  'viewerSubdivision',
  'viewerLat',
  'viewerLon',
  'region',
  'serviceId',
  'originId',
  'rttMs',
  'throughputBps',
  'at',
  'kind',
  'sessionId',
]);

export interface SampleLookups extends ViewerLookups {
  /** The country whose population centre is nearest (a viewer known by coordinates only). */
  nearestCountry(latitude: number, longitude: number): Country | undefined;
  isKnownRegion(regionId: string): boolean;
  /** The region ids of the origins with this id (of `serviceId` when given). */
  originRegions(originId: string, serviceId: string | undefined): string[];
}

export interface ParsedSample extends LatencySample {
  /** The playback the sample belongs to: labels its steering decisions. */
  sessionId: string | null;
  serviceId: string | null;
}

export interface SampleRules {
  /** Samples older than this are refused (they would weigh nothing: LATENCY_MAX_AGE_MS). */
  retentionMs: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNumber(
  raw: Record<string, unknown>,
  name: string,
  prefix: string,
  min: number,
  max: number,
  problems: FieldProblem[],
  unit: string,
): number | null {
  const value = raw[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    problems.push({
      field: `${prefix}.${name}`,
      message: `must be a number from ${min} to ${max} ${unit}`,
    });
    return null;
  }
  return value;
}

/** One sample; pushes its problems and returns what it could read (undefined when unusable). */
export function parseSample(
  raw: unknown,
  index: number,
  nowMs: number,
  rules: SampleRules,
  lookups: SampleLookups,
  problems: FieldProblem[],
): ParsedSample | undefined {
  const prefix = `samples[${index}]`;
  if (!isPlainObject(raw)) {
    problems.push({ field: prefix, message: 'must be an object' });
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!SAMPLE_FIELDS.has(key))
      problems.push({ field: `${prefix}.${key}`, message: 'is not a known field' });
  }
  // 0 < rttMs: a zero round trip is a measurement error (a cached answer, a clock of too coarse a grain).
  let rttMs = optionalNumber(raw, 'rttMs', prefix, 0, MAX_RTT_MS, problems, 'ms');
  if (rttMs === 0) {
    problems.push({
      field: `${prefix}.rttMs`,
      message: `must be greater than 0 and at most ${MAX_RTT_MS} ms`,
    });
    rttMs = null;
  }
  const throughputBps = optionalNumber(
    raw,
    'throughputBps',
    prefix,
    MIN_THROUGHPUT_BPS,
    MAX_THROUGHPUT_BPS,
    problems,
    'bits/s',
  );
  if (raw.rttMs === undefined && raw.throughputBps === undefined) {
    problems.push({ field: `${prefix}.rttMs`, message: 'or throughputBps is required' });
  }
  const kind = raw.kind ?? 'user';
  if (typeof kind !== 'string' || !(SAMPLE_KINDS as readonly string[]).includes(kind)) {
    problems.push({ field: `${prefix}.kind`, message: `must be one of ${SAMPLE_KINDS.join(', ')}` });
  }
  const atMs = parseAt(raw.at, `${prefix}.at`, nowMs, rules, problems);
  let sessionId: string | null = null;
  if (raw.sessionId !== undefined) {
    if (typeof raw.sessionId !== 'string' || !SESSION_ID.test(raw.sessionId)) {
      problems.push({
        field: `${prefix}.sessionId`,
        message: 'must be 1 to 128 characters among A-Z a-z 0-9 . _ ~ -',
      });
    } else sessionId = raw.sessionId;
  }
  const viewerCountry = parseViewerCountry(raw, prefix, lookups, problems);
  const { regionId, serviceId } = parseRegion(raw, prefix, lookups, problems);
  if (problems.length > before) return undefined;
  return {
    viewerCountry: viewerCountry as string,
    regionId: regionId as string,
    kind: kind as SampleKind,
    rttMs,
    throughputBps,
    atMs,
    sessionId,
    serviceId,
  };
}

function parseAt(
  value: unknown,
  field: string,
  nowMs: number,
  rules: SampleRules,
  problems: FieldProblem[],
): number {
  if (value === undefined || value === null) return nowMs;
  const atMs = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(atMs)) {
    problems.push({
      field,
      message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T20:30:00Z',
    });
  } else if (atMs > nowMs + MAX_CLOCK_SKEW_MS) {
    problems.push({ field, message: `must not be more than ${MAX_CLOCK_SKEW_MS / 1000} s in the future` });
  } else if (atMs < nowMs - rules.retentionMs) {
    problems.push({
      field,
      message: `is older than the retention of ${rules.retentionMs} ms (LATENCY_MAX_AGE_MS): it would weigh nothing`,
    });
  }
  return atMs;
}

/** viewerCountry, else what viewerZone, viewerSubdivision or viewerLat/viewerLon place the viewer in. */
function parseViewerCountry(
  raw: Record<string, unknown>,
  prefix: string,
  lookups: SampleLookups,
  problems: FieldProblem[],
): string | undefined {
  const query: Record<string, unknown> = {};
  for (const name of [
    'viewerCountry',
    'viewerZone',
    'viewerSubdivision',
    'viewerLat',
    'viewerLon',
  ] as const) {
    if (raw[name] === undefined) continue;
    const value = raw[name];
    const isNumber = name === 'viewerLat' || name === 'viewerLon';
    const limit = name === 'viewerLat' ? 90 : 180;
    if (isNumber ? typeof value !== 'number' || !(Math.abs(value) <= limit) : typeof value !== 'string') {
      problems.push({
        field: `${prefix}.${name}`,
        message: isNumber ? `must be a number from -${limit} to ${limit}` : 'must be a string',
      });
      return undefined;
    }
    query[name] = name === 'viewerCountry' ? (value as string).toUpperCase() : value;
  }
  try {
    const located = locateViewer(query, lookups, { acceptsCoordinates: true });
    const country =
      located.country ??
      (located.position
        ? lookups.nearestCountry(located.position.latitude, located.position.longitude)
        : undefined);
    if (!country) {
      problems.push({
        field: `${prefix}.viewerCountry`,
        message: 'is required: nothing else names a country',
      });
      return undefined;
    }
    return country.code;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    for (const problem of error.errors) problems.push({ ...problem, field: `${prefix}.${problem.field}` });
    return undefined;
  }
}

/** region, else the region of originId (of serviceId when given). */
function parseRegion(
  raw: Record<string, unknown>,
  prefix: string,
  lookups: SampleLookups,
  problems: FieldProblem[],
): { regionId?: string; serviceId: string | null } {
  const serviceId = raw.serviceId;
  if (serviceId !== undefined && (typeof serviceId !== 'string' || !SLUG.test(serviceId))) {
    problems.push({ field: `${prefix}.serviceId`, message: 'must be a delivery service id, e.g. example' });
    return { serviceId: null };
  }
  const service = (serviceId as string | undefined) ?? null;
  if (raw.region !== undefined) {
    if (typeof raw.region !== 'string' || !lookups.isKnownRegion(raw.region)) {
      problems.push({
        field: `${prefix}.region`,
        message: `is not a known region (${JSON.stringify(raw.region)}); see GET /regions`,
      });
      return { serviceId: service };
    }
    return { regionId: raw.region, serviceId: service };
  }
  if (raw.originId !== undefined) {
    const originId = raw.originId;
    const regions =
      typeof originId === 'string' && SLUG.test(originId)
        ? [...new Set(lookups.originRegions(originId, service ?? undefined))]
        : [];
    if (regions.length === 1) return { regionId: regions[0], serviceId: service };
    problems.push({
      field: `${prefix}.originId`,
      message:
        regions.length === 0
          ? `is not a known origin${service ? ` of service ${service}` : ''} (${JSON.stringify(originId)})`
          : 'names origins of several services in different regions: add serviceId',
    });
    return { serviceId: service };
  }
  problems.push({ field: `${prefix}.region`, message: 'or originId is required' });
  return { serviceId: service };
}

/** The whole body: `{ samples: [...] }` with 1 to MAX_SAMPLES_PER_REQUEST samples; throws with every problem found. */
export function parseSamplesBody(
  body: unknown,
  nowMs: number,
  rules: SampleRules,
  lookups: SampleLookups,
): ParsedSample[] {
  if (!isPlainObject(body)) throw InvalidInputError.forField('body', 'must be a JSON object');
  for (const key of Object.keys(body)) {
    if (key !== 'samples') throw InvalidInputError.forField(key, 'is not a known field');
  }
  const { samples } = body;
  if (!Array.isArray(samples) || samples.length === 0 || samples.length > MAX_SAMPLES_PER_REQUEST) {
    throw InvalidInputError.forField(
      'samples',
      `must be an array of 1 to ${MAX_SAMPLES_PER_REQUEST} samples${Array.isArray(samples) ? ` (got ${samples.length})` : ''}`,
    );
  }
  const problems: FieldProblem[] = [];
  const parsed: ParsedSample[] = [];
  for (let index = 0; index < samples.length && problems.length < MAX_PROBLEMS; index++) {
    const sample = parseSample(samples[index], index, nowMs, rules, lookups, problems);
    if (sample) parsed.push(sample);
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_PROBLEMS);
    const fields = [...new Set(listed.map((problem) => problem.field))];
    throw new InvalidInputError(
      `Invalid request: ${fields.slice(0, 10).join(', ')}${fields.length > 10 ? ', …' : ''}`,
      listed,
    );
  }
  return parsed;
}
