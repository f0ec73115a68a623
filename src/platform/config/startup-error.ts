/**
 * A start-up failure the operator can fix in the configuration: the variable at fault and what is
 * wrong with it, logged by `src/main.ts` as one JSON line (`variable`, `cause`, and the two in `msg`)
 * before the process exits 1 (docs/OPERATIONS.md#start-up-errors).
 */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable}: ${reason}`, options);
    this.name = 'StartupError';
  }
}
