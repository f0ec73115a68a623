/**
 * Background work repeated on an interval: the next run is scheduled when the previous one ends
 * (runs never overlap), timers do not keep the process alive, a run asked for while one is under
 * way joins it, and `stop` waits for the run under way so that shutdown never cuts one in half.
 * `work` handles its own errors (log, retry next time); one that throws anyway is swallowed here
 * so that the schedule goes on.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private isStopped = true;

  constructor(
    private readonly work: () => Promise<unknown>,
    readonly intervalMs: number,
  ) {}

  /** Starts the schedule; the first run comes after `firstRunInMs` (default: one interval). */
  start(firstRunInMs = this.intervalMs): void {
    this.isStopped = false;
    this.schedule(firstRunInMs);
  }

  /** Runs now, or joins the run under way. */
  runNow(): Promise<void> {
    this.running ??= this.work()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Resolves when the run under way, if any, has ended. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.isStopped) return;
    this.timer = setTimeout(() => {
      void this.runNow().then(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
