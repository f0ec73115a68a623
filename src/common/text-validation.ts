import { Matches } from 'class-validator';

/**
 * C0 control characters and DEL. None belongs in an id, a name or a source, and PostgreSQL text
 * cannot hold NUL at all (the query would fail with a 500 instead of the 400 the input deserves).
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export const NO_CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';

/** class-validator rule: the string holds no control character. */
export function NoControlCharacters(): PropertyDecorator {
  // eslint-disable-next-line no-control-regex
  return Matches(/^[^\u0000-\u001f\u007f]*$/, { message: NO_CONTROL_CHARACTERS_MESSAGE });
}
