import { createHash } from 'node:crypto';

/** The first 128 bits of SHA-256 of the text, as 32 hex characters: how the decision log names things. */
export function shortHashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * How the decision log and its labels name a session (docs/STEERING.md#the-dataset-get-decisions):
 * the short hash of the id. Sessions can be followed in the log, not named.
 */
export function sessionHashOf(sessionId: string): string {
  return shortHashOf(sessionId);
}
