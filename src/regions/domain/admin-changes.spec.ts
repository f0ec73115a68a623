import { InvalidInputError } from '../../platform/kernel/errors.js';
import { assertChangesSomething, assertNoNull } from './admin-changes.js';

describe('admin changes', () => {
  it('lets null clear the fields that may be cleared and names every other null field', () => {
    expect(() => assertNoNull({ pue: null, city: 'Paris' }, ['pue'])).not.toThrow();
    try {
      assertNoNull({ pue: null, city: null, zone: null }, ['pue']);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toBe('Invalid request: city, zone');
      expect((error as InvalidInputError).errors).toEqual([
        { field: 'city', message: 'must not be null' },
        { field: 'zone', message: 'must not be null' },
      ]);
    }
  });

  it('refuses a body that sets no field, and counts null as a change', () => {
    expect(() => assertChangesSomething({})).toThrow('The body changes no field');
    expect(() => assertChangesSomething({ city: undefined })).toThrow(InvalidInputError);
    expect(() => assertChangesSomething({ pue: null })).not.toThrow();
  });
});
