import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import type { DecisionRecord } from './domain/decision-record.js';
import { copyLine } from './domain/decision-rows.js';
import { DECISION_LOG_CHANGED } from './steering.events.js';

/**
 * The decision log's bounded in-memory queue (docs/STEERING.md#decision-log): decisions are
 * offered on the request path, kept as their COPY line (one flat string each rather than a record
 * of some 25 objects: queued for up to a flush interval, records outlived the young generation and
 * made every scavenge copy them), taken in batches by DecisionLogWriter and written with COPY.
 * When the queue is full a decision is dropped and counted: a request never waits on the log,
 * and a database outage costs decisions, not answers.
 */
@Injectable()
export class DecisionLog {
  readonly capacity: number;
  readonly isEnabled: boolean;
  private queue: string[] = [];
  private dropped = 0;
  private written = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly events: EventBus,
  ) {
    this.capacity = config.steeringDecisionQueueSize;
    this.isEnabled = config.steeringDecisionLog;
  }

  /** False when the decision was dropped (queue full) or the log is off. */
  offer(record: DecisionRecord): boolean {
    if (!this.isEnabled) return false;
    if (this.queue.length >= this.capacity) {
      this.dropped++;
      this.changed();
      return false;
    }
    this.queue.push(copyLine(record));
    return true;
  }

  /** Takes up to `max` decisions, oldest first, as COPY lines (text format, see copyLine). */
  take(max: number): string[] {
    if (this.queue.length <= max) {
      const all = this.queue;
      this.queue = [];
      return all;
    }
    return this.queue.splice(0, max);
  }

  /** After a batch: `written` stored, `lost` not (database down); both leave the queue for good. */
  settled(written: number, lost: number): void {
    this.written += written;
    this.dropped += lost;
    this.changed();
  }

  get depth(): number {
    return this.queue.length;
  }

  get droppedTotal(): number {
    return this.dropped;
  }

  get writtenTotal(): number {
    return this.written;
  }

  private changed(): void {
    this.events.emit(DECISION_LOG_CHANGED, {
      depth: this.queue.length,
      droppedTotal: this.dropped,
      writtenTotal: this.written,
    });
  }
}
