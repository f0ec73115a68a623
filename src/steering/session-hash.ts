import { createHash } from 'node:crypto';

/**
 * How the decision log and its labels name a session (docs/STEERING.md#the-dataset-get-decisions):
 * SHA-256 of the id, its first 32 hex characters. Sessions can be followed in the log, not named.
 */
export function sessionHashOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex').slice(0, 32);
}
