import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { PeriodicJob } from '../../platform/jobs/periodic-job.js';
import { DecisionLog } from '../decision-log.js';
import { DecisionLogStore } from '../persistence/decision-log.store.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';

/** Decisions per COPY. */
export const DECISION_BATCH_SIZE = 5000;
/** At most this long is spent writing what is left at shutdown. */
const SHUTDOWN_FLUSH_MS = 5000;

/**
 * Empties the decision log's queue every STEERING_DECISION_FLUSH_MS, one COPY per batch. A batch
 * the database refuses is counted as dropped (never retried: the queue must stay bounded and the
 * request path must never wait).
 */
@Injectable()
export class DecisionLogWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DecisionLogWriter.name);
  private readonly job: PeriodicJob;
  private readonly failures = new ThrottledWarning(this.logger);
  /** The batch being written, if any (writeBatch). */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly log: DecisionLog,
    private readonly store: DecisionLogStore,
  ) {
    this.job = new PeriodicJob(() => this.flush(), config.steeringDecisionFlushMs);
  }

  onApplicationBootstrap(): void {
    if (this.log.isEnabled) this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
    while (this.log.depth > 0 && Date.now() < deadline) await this.writeBatch();
    if (this.log.candidateSets.pendingCount > 0) await this.writeBatch();
  }

  /** Writes everything queued now (tests and shutdown call it too). */
  async flush(): Promise<void> {
    // A batch the periodic job took is in flight, not queued: written once this returns, too.
    await this.writing;
    let batches = Math.ceil(this.log.depth / DECISION_BATCH_SIZE);
    while (batches-- > 0 && this.log.depth > 0) await this.writeBatch();
    // Sets a refused batch gave back, whose decisions another batch may have stored meanwhile.
    if (this.log.candidateSets.pendingCount > 0) await this.writeBatch();
  }

  /**
   * One batch at a time, in order, whoever asks (the periodic job, a flush, shutdown): a batch
   * written while another is in flight could store decisions naming a set that the other holds and
   * then fails to store.
   */
  private writeBatch(): Promise<void> {
    const written = this.writing.then(() => this.writeOneBatch());
    this.writing = written.catch(() => undefined);
    return written;
  }

  private async writeOneBatch(): Promise<void> {
    const batch = this.log.take(DECISION_BATCH_SIZE);
    // After the decisions: every set they name is stored already or taken here.
    const sets = this.log.candidateSets.take();
    if (batch.length === 0 && sets.length === 0) return;
    const decisions = batch.reduce((sum, chunk) => sum + chunk.lines, 0);
    try {
      await this.store.copy(batch, sets);
      this.log.recycle(batch);
      this.log.settled(decisions, 0);
    } catch (error) {
      // Decisions queued since may name these sets: they go with the next batch.
      this.log.candidateSets.giveBack(sets);
      this.log.settled(0, decisions);
      this.failures.warn(
        { error: (error as Error).message, lost: decisions },
        'Decision log batch not written; decisions dropped',
      );
    }
  }
}
