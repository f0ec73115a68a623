import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import type { DecisionRecord } from './domain/decision-record.js';
import { copyLineRoom, writeCopyLine, type EncodedDecisions } from './domain/decision-rows.js';
import { DECISION_LOG_CHANGED } from './steering.events.js';
import { CandidateSets } from './candidate-sets.js';

/** Bytes of one chunk of the queue: about 60 decisions of three candidates. */
export const DECISION_CHUNK_BYTES = 64 * 1024;

/** Stored chunks kept for reuse: 1 MiB, a second of decisions at 16,000 per second. */
export const SPARE_CHUNKS = 16;

interface Chunk {
  buffer: Buffer;
  used: number;
  lines: number;
}

/**
 * The decision log's bounded in-memory queue (docs/STEERING.md#decision-log): decisions are
 * offered on the request path and queued as their COPY line, written at once as bytes into chunks
 * outside the JavaScript heap (writeCopyLine). Queued as strings, they lived up to a flush interval and every
 * scavenge copied them (docs/BENCHMARKS.md#decision-log-cost); encoded, the line dies young and the
 * flush hands the chunks to COPY as they are. DecisionLogWriter takes them in batches and gives the
 * chunks of a stored batch back: filling fresh memory made the kernel map new pages for every
 * chunk (docs/BENCHMARKS.md#decision-chunks-reused).
 * When the queue is full a decision is dropped and counted: a request never waits on the log,
 * and a database outage costs decisions, not answers.
 */
@Injectable()
export class DecisionLog {
  readonly capacity: number;
  readonly isEnabled: boolean;
  /** The sets of candidates the queued decisions name, stored once each. */
  readonly candidateSets = new CandidateSets();
  private chunks: Chunk[] = [];
  private current: Chunk | undefined;
  private readonly spare: Buffer[] = [];
  private queued = 0;
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
    if (this.queued >= this.capacity) {
      this.dropped++;
      this.changed();
      return false;
    }
    this.append(record);
    this.queued++;
    return true;
  }

  private append(record: DecisionRecord): void {
    const current = this.current;
    const end = current === undefined ? -1 : writeCopyLine(record, current.buffer, current.used);
    if (current !== undefined && end >= 0) {
      current.used = end;
      current.lines++;
      return;
    }
    const room = copyLineRoom(record);
    const chunk: Chunk = {
      buffer:
        room <= DECISION_CHUNK_BYTES
          ? (this.spare.pop() ?? Buffer.allocUnsafe(DECISION_CHUNK_BYTES))
          : Buffer.allocUnsafe(room),
      used: 0,
      lines: 1,
    };
    chunk.used = writeCopyLine(record, chunk.buffer, 0);
    this.chunks.push(chunk);
    this.current = chunk;
  }

  /**
   * Takes the oldest queued decisions, whole chunks at a time, until at least `max` are taken or
   * the queue is empty: encoded COPY lines, ready for `COPY … FROM STDIN`.
   */
  take(max: number): EncodedDecisions[] {
    const taken: EncodedDecisions[] = [];
    let lines = 0;
    while (lines < max && this.chunks.length > 0) {
      const chunk = this.chunks.shift() as Chunk;
      if (chunk === this.current) this.current = undefined;
      taken.push({ bytes: chunk.buffer.subarray(0, chunk.used), lines: chunk.lines, chunk: chunk.buffer });
      lines += chunk.lines;
    }
    this.queued -= lines;
    return taken;
  }

  /**
   * Takes back the chunks of a batch that COPY has stored (its bytes have all reached PostgreSQL), to
   * fill them again. Only a stored batch: after a failure, a socket may still hold its buffers.
   */
  recycle(batch: readonly EncodedDecisions[]): void {
    for (const { chunk } of batch) {
      if (this.spare.length >= SPARE_CHUNKS) return;
      if (chunk.length === DECISION_CHUNK_BYTES && !this.spare.includes(chunk)) this.spare.push(chunk);
    }
  }

  /** After a batch: `written` stored, `lost` not (database down); both leave the queue for good. */
  settled(written: number, lost: number): void {
    this.written += written;
    this.dropped += lost;
    this.changed();
  }

  get depth(): number {
    return this.queued;
  }

  get droppedTotal(): number {
    return this.dropped;
  }

  get writtenTotal(): number {
    return this.written;
  }

  private changed(): void {
    this.events.emit(DECISION_LOG_CHANGED, {
      depth: this.queued,
      droppedTotal: this.dropped,
      writtenTotal: this.written,
    });
  }
}
