import { ValidateBy } from 'class-validator';

/**
 * C0 control characters and DEL. None belongs in an id, a name or a source, and PostgreSQL text
 * cannot hold NUL at all (the query would fail with a 500 instead of the 400 the input deserves).
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export const NO_CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';

/** class-validator rule: a string that holds no CONTROL_CHARACTER. */
export function NoControlCharacters(): PropertyDecorator {
  return ValidateBy({
    name: 'noControlCharacters',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !CONTROL_CHARACTER.test(value),
      defaultMessage: () => NO_CONTROL_CHARACTERS_MESSAGE,
    },
  });
}
