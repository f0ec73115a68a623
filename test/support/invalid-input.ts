import { InvalidInputError } from '../../src/platform/kernel/errors.js';

/** The InvalidInputError that `fn` throws; fails when it throws nothing or something else. */
export function thrownInvalidInput(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

/** Asserts that `run` throws an InvalidInputError naming exactly this field. */
export function expectInvalidField(run: () => unknown, field: string): void {
  expect(thrownInvalidInput(run).errors.map((problem) => problem.field)).toEqual([field]);
}
