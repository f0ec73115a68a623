import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { EventBus } from '../../platform/events/event-bus.js';
import { LATENCY_SESSIONS_MEASURED, type SessionLabel } from '../../latency/latency.events.js';
import { SessionTable } from '../session-table.js';
import { DecisionLogStore } from '../persistence/decision-log.store.js';
import type { SessionMeasure } from '../domain/decision-record.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';

/**
 * Labels the decision log (docs/LATENCY.md#labels): when samples with a session id are stored, what
 * the session measured is appended to the session measures, which the export joins with the
 * session's decisions. Nothing waits for the decisions to be written. Off every request path; a
 * failure is logged.
 */
@Injectable()
export class DecisionLabeler implements OnApplicationShutdown {
  private readonly logger = new Logger(DecisionLabeler.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly failures = new ThrottledWarning(this.logger);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: DecisionLogStore,
    private readonly sessions: SessionTable,
    events: EventBus,
  ) {
    if (!config.steeringDecisionLog) return;
    events.on(LATENCY_SESSIONS_MEASURED, ({ labels }) =>
      this.run(labels.map((label) => this.toSessionMeasure(label))),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** Resolves when the labelling under way has ended (tests). */
  async idle(): Promise<void> {
    await Promise.all(this.pending);
  }

  private run(measures: SessionMeasure[]): void {
    const work = this.store
      .recordMeasures(measures)
      .then(
        () => undefined,
        (error: unknown) => {
          this.failures.warn({ error: (error as Error).message }, 'Decision labels not written');
        },
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** The decision log keeps a hash of the session id, never the id (hashed once per tracked session). */
  private toSessionMeasure(label: SessionLabel): SessionMeasure {
    return {
      sessionHash: this.sessions.hashOf(label.serviceId, label.sessionId),
      serviceId: label.serviceId,
      regionId: label.regionId,
      rttMs: label.rttMs,
      throughputBps: label.throughputBps,
      atMs: label.atMs,
    };
  }
}
