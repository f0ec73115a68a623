/**
 * The body of POST /consumption, checked by hand: a batch holds up to 10,000 views, and a generic
 * validator costs tens of microseconds per object, more than the rest of the work on a view.
 * Pure: every problem names the view's index and field (`views[3].durationMinutes`).
 */
import { InvalidInputError, type FieldProblem } from '../../platform/kernel/errors.js';
import { CONTROL_CHARACTER, NO_CONTROL_CHARACTERS_MESSAGE } from '../../platform/kernel/text-validation.js';
import {
  CONNECTIONS,
  DEVICES,
  FOOTPRINT_MODELS,
  RESOLUTIONS,
  type Connection,
  type Device,
  type FootprintModel,
  type Resolution,
} from '../../footprint/domain/coefficients.js';
import { MAX_DURATION_MINUTES } from '../../footprint/domain/data-volume.js';

export const MAX_VIEWS_PER_REQUEST = 10_000;
export const MAX_ID_LENGTH = 128;
/** A view may start a little in the future (clock skew between the provider and us), no more. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Views before this are rejected: nothing was streamed to be tracked here then. */
export const EARLIEST_STARTED_AT = new Date('2000-01-01T00:00:00Z');
/** Problems listed at most, so that a wholly bad batch does not answer a megabyte of errors. */
const MAX_PROBLEMS = 100;

export const VIEW_DEFAULTS = {
  resolution: '1080p',
  device: 'laptop',
  connection: 'wifi',
  model: '1byte',
} as const;

export interface ViewInput {
  clientId: string;
  videoId: string;
  startedAt: Date;
  durationMinutes: number;
  resolution: Resolution;
  device: Device;
  connection: Connection;
  /** ISO 3166-1 alpha-2 as sent (upper-cased); checked against the countries by the service. */
  viewerCountry: string;
  /** Region id; undefined = the nearest general region to the viewer's country. */
  region?: string;
  model: FootprintModel;
}

const VIEW_FIELDS = new Set([
  'clientId',
  'videoId',
  'startedAt',
  'durationMinutes',
  'resolution',
  'device',
  'connection',
  'viewerCountry',
  'region',
  'model',
]);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(
  allowed: readonly T[],
  value: unknown,
  field: string,
  fallback: T,
  problems: FieldProblem[],
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    problems.push({ field, message: `must be one of ${allowed.join(', ')}` });
    return fallback;
  }
  return value as T;
}

function identifier(value: unknown, field: string, problems: FieldProblem[]): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    problems.push({ field, message: `must be a string of 1 to ${MAX_ID_LENGTH} characters` });
    return '';
  }
  if (CONTROL_CHARACTER.test(value)) {
    problems.push({ field, message: NO_CONTROL_CHARACTERS_MESSAGE });
    return '';
  }
  return value;
}

/** One view; pushes its problems (named `views[i].field`) and returns what it could read. */
export function parseView(raw: unknown, index: number, now: Date, problems: FieldProblem[]): ViewInput {
  const prefix = `views[${index}]`;
  if (!isPlainObject(raw)) {
    problems.push({ field: prefix, message: 'must be an object' });
    return undefined as unknown as ViewInput;
  }
  for (const key of Object.keys(raw)) {
    if (!VIEW_FIELDS.has(key)) problems.push({ field: `${prefix}.${key}`, message: 'is not a known field' });
  }
  const clientId = identifier(raw.clientId, `${prefix}.clientId`, problems);
  const videoId = identifier(raw.videoId, `${prefix}.videoId`, problems);

  let startedAt = new Date(Number.NaN);
  if (typeof raw.startedAt !== 'string' || !ISO_INSTANT.test(raw.startedAt)) {
    problems.push({
      field: `${prefix}.startedAt`,
      message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T20:30:00Z',
    });
  } else {
    startedAt = new Date(raw.startedAt);
    if (Number.isNaN(startedAt.getTime())) {
      problems.push({ field: `${prefix}.startedAt`, message: 'must be a valid date-time' });
    } else if (startedAt.getTime() < EARLIEST_STARTED_AT.getTime()) {
      problems.push({ field: `${prefix}.startedAt`, message: 'must be in 2000 or later' });
    } else if (startedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      problems.push({ field: `${prefix}.startedAt`, message: 'must not be in the future' });
    }
  }

  const durationMinutes = raw.durationMinutes;
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isFinite(durationMinutes) ||
    durationMinutes <= 0 ||
    durationMinutes > MAX_DURATION_MINUTES
  ) {
    problems.push({
      field: `${prefix}.durationMinutes`,
      message: `must be a number greater than 0 and at most ${MAX_DURATION_MINUTES}`,
    });
  }

  const resolution = oneOf(
    RESOLUTIONS,
    raw.resolution,
    `${prefix}.resolution`,
    VIEW_DEFAULTS.resolution,
    problems,
  );
  const device = oneOf(DEVICES, raw.device, `${prefix}.device`, VIEW_DEFAULTS.device, problems);
  const connection = oneOf(
    CONNECTIONS,
    raw.connection,
    `${prefix}.connection`,
    VIEW_DEFAULTS.connection,
    problems,
  );
  const model = oneOf(FOOTPRINT_MODELS, raw.model, `${prefix}.model`, VIEW_DEFAULTS.model, problems);

  let viewerCountry = '';
  if (typeof raw.viewerCountry !== 'string' || !/^[A-Za-z]{2}$/.test(raw.viewerCountry)) {
    problems.push({
      field: `${prefix}.viewerCountry`,
      message: 'must be an ISO 3166-1 alpha-2 code, e.g. FR',
    });
  } else {
    viewerCountry = raw.viewerCountry.toUpperCase();
  }

  let region: string | undefined;
  if (raw.region !== undefined) {
    if (typeof raw.region !== 'string' || raw.region.length === 0 || raw.region.length > 97) {
      problems.push({ field: `${prefix}.region`, message: 'must be a region id, e.g. aws:eu-west-3' });
    } else {
      region = raw.region;
    }
  }

  return {
    clientId,
    videoId,
    startedAt,
    durationMinutes: durationMinutes as number,
    resolution,
    device,
    connection,
    viewerCountry,
    region,
    model,
  };
}

/** The whole body: `{ views: [...] }` with 1 to 10,000 views; throws with every problem found. */
export function parseConsumptionBody(body: unknown, now: Date): ViewInput[] {
  if (!isPlainObject(body)) throw InvalidInputError.forField('body', 'must be a JSON object');
  for (const key of Object.keys(body)) {
    if (key !== 'views') throw InvalidInputError.forField(key, 'is not a known field');
  }
  const { views } = body;
  if (!Array.isArray(views) || views.length === 0 || views.length > MAX_VIEWS_PER_REQUEST) {
    throw InvalidInputError.forField('views', `must be an array of 1 to ${MAX_VIEWS_PER_REQUEST} views`);
  }
  const problems: FieldProblem[] = [];
  const parsed: ViewInput[] = [];
  for (let index = 0; index < views.length && problems.length < MAX_PROBLEMS; index++) {
    parsed.push(parseView(views[index], index, now, problems));
  }
  throwIfAny(problems);
  return parsed;
}

export function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_PROBLEMS);
  const fields = [...new Set(listed.map((problem) => problem.field))];
  throw new InvalidInputError(
    `Invalid request: ${fields.slice(0, 10).join(', ')}${fields.length > 10 ? ', …' : ''}`,
    listed,
  );
}
