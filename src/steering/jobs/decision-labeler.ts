import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { EventBus } from '../../platform/events/event-bus.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';
import { LATENCY_SESSIONS_MEASURED, type SessionLabel } from '../../latency/latency.events.js';
import { DecisionLogStore, type DecisionLabel } from '../persistence/decision-log.store.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';

/** How far back from a sample its session's decisions are labelled. */
const LABEL_LOOKBACK_MS = MS_PER_DAY;

/**
 * Labels the decision log (docs/LATENCY.md#labels): when samples with a session id are stored,
 * the session's decisions on the measured region take the measured round trip and throughput. Runs
 * once at once and once more after two decision-log flushes, for decisions still queued in memory
 * when the samples came (the UPDATE is idempotent). Off every request path; a failure is logged.
 */
@Injectable()
export class DecisionLabeler implements OnApplicationShutdown {
  private readonly logger = new Logger(DecisionLabeler.name);
  private readonly retryMs: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failures = new ThrottledWarning(this.logger);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: DecisionLogStore,
    events: EventBus,
  ) {
    this.retryMs = 2 * config.steeringDecisionFlushMs + 500;
    if (!config.steeringDecisionLog) return;
    events.on(LATENCY_SESSIONS_MEASURED, ({ labels }) => {
      const rows = labels.map(toDecisionLabel);
      this.run(rows);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.run(rows);
      }, this.retryMs);
      timer.unref();
      this.timers.add(timer);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.pending);
  }

  /** Resolves when the labelling under way has ended (tests). */
  async idle(): Promise<void> {
    await Promise.all(this.pending);
  }

  private run(rows: DecisionLabel[]): void {
    const work = this.store
      .label(rows, LABEL_LOOKBACK_MS)
      .then(
        () => undefined,
        (error: unknown) => {
          this.failures.warn({ error: (error as Error).message }, 'Decision labels not written');
        },
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }
}

/** The decision log keeps a hash of the session id, never the id (the same hash as DecideOperation's). */
function toDecisionLabel(label: SessionLabel): DecisionLabel {
  return {
    sessionHash: createHash('sha256').update(label.sessionId).digest('hex').slice(0, 32),
    serviceId: label.serviceId,
    regionId: label.regionId,
    rttMs: label.rttMs,
    throughputBps: label.throughputBps,
    at: new Date(label.atMs),
  };
}
