/** Shared assertions: the tolerances live here, once, so every suite compares numbers the same way. */
import {
  type NumberUnit,
  PRECISION_BY_UNIT,
  rounderOf,
} from '../../src/platform/contract/number-precision.js';

/**
 * An answer's figure is the exact figure rounded to the precision of its unit (docs/API-NUMBERS.md):
 * answers are rounded, the domain computes exactly. `tolerance` (relative) admits the rounding of a
 * figure that close to `exact`, for sums taken in another order.
 */
export function expectRounded(actual: number, exact: number, unit: NumberUnit, tolerance = 0): void {
  const round = rounderOf(PRECISION_BY_UNIT[unit]);
  // With a tolerance (sums of the same rows in another order): any rounding of a figure within it.
  const candidates = [round(exact), round(exact * (1 - tolerance)), round(exact * (1 + tolerance))];
  if (candidates.includes(actual)) return;
  expect(actual).toBe(round(exact));
}

/**
 * Relative tolerance between figures derived from answers rounded to 4 significant digits (each
 * off by at most 0.05 %), e.g. emissions against energy times intensity.
 */
export const ROUNDED_RELATIVE = 1e-3;

/** `actual` equals `expected` to within `tolerance` of `expected` (relative: 1e-9 is nine significant digits). */
export function expectRelative(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/**
 * `actual` equals `expected` to within `tolerance`, relative to `expected` but never tighter than
 * `tolerance` itself, so that values near zero compare too.
 */
export function expectClose(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.max(tolerance, Math.abs(expected) * tolerance),
  );
}

/** The parts of an HTTP response (supertest's or our own) that the problem assertions read. */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** An RFC 9457 problem of this status, carrying the request id, as every error of the API is answered. */
export function expectProblem(response: ProblemResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'about:blank', status });
  expect(typeof response.body.title).toBe('string');
  expect(response.body.requestId).toBe(response.headers['x-request-id']);
}

/** The fields a 400 problem names, in its order. */
export function problemFields(response: { body: { errors?: { field: string }[] } }): string[] {
  return (response.body.errors ?? []).map((error) => error.field);
}

/** A problem+json whose errors name `field` (among others). */
export function expectProblemNaming(response: ProblemResponse, field: string): void {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(problemFields(response)).toContain(field);
}
