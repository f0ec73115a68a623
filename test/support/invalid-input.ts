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

/** The fields named by the InvalidInputError that `run` throws, in its order. */
export function invalidFieldsOf(run: () => unknown): string[] {
  return thrownInvalidInput(run).errors.map((problem) => problem.field);
}

/** Asserts that `run` throws an InvalidInputError naming exactly this field. */
export function expectInvalidField(run: () => unknown, field: string): void {
  expect(invalidFieldsOf(run)).toEqual([field]);
}

/** The fields named by the InvalidInputError that `promise` rejects with; fails when it resolves. */
export async function rejectedInvalidFields(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors.map((problem) => problem.field);
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}
