import { decisionRecord, expectedCopyLine } from '../../test/factories/decision.factory.js';
import { validateEnv } from '../platform/config/env.schema.js';
import { EventBus } from '../platform/events/event-bus.js';
import type { DecisionRecord } from './domain/decision-record.js';
import { DECISION_CHUNK_BYTES, DecisionLog, SPARE_CHUNKS } from './decision-log.js';

function record(index: number): DecisionRecord {
  return decisionRecord({
    decidedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, index)),
    decisionId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    // Multi-byte characters: the encoded length is not the string's length.
    videoId: `vidéo-${index}-${'€'.repeat(index % 7)}`,
    isNewSession: index % 2 === 0,
  });
}

function logOf(variables: Record<string, string> = {}): DecisionLog {
  return new DecisionLog(validateEnv(variables), new EventBus());
}

describe('DecisionLog (the queue of encoded COPY lines)', () => {
  it('queues each decision as its UTF-8 COPY line, in order, across chunks', () => {
    const log = logOf();
    const records = Array.from({ length: 500 }, (_, index) => record(index));
    for (const item of records) expect(log.offer(item)).toBe(true);
    expect(log.depth).toBe(500);

    const taken = log.take(10_000);
    expect(taken.length).toBeGreaterThan(1);
    expect(taken.every((chunk) => chunk.bytes.length <= DECISION_CHUNK_BYTES)).toBe(true);
    expect(taken.reduce((sum, chunk) => sum + chunk.lines, 0)).toBe(500);
    expect(Buffer.concat(taken.map((chunk) => chunk.bytes)).toString('utf8')).toBe(
      records.map((item) => expectedCopyLine(item)).join(''),
    );
    expect(log.depth).toBe(0);
    expect(log.take(10)).toEqual([]);
  });

  it('takes whole chunks, oldest first, until it has at least the number asked for', () => {
    const log = logOf();
    for (let index = 0; index < 500; index++) log.offer(record(index));
    const first = log.take(1);
    expect(first).toHaveLength(1);
    const lines = first[0].lines;
    expect(first[0].bytes.toString('utf8')).toBe(
      Array.from({ length: lines }, (_, index) => expectedCopyLine(record(index))).join(''),
    );
    expect(log.depth).toBe(500 - lines);
    // A decision offered after a take starts a new chunk; nothing is lost or repeated.
    log.offer(record(500));
    const rest = log.take(10_000);
    const text = Buffer.concat(rest.map((chunk) => chunk.bytes)).toString('utf8');
    expect(text).toBe(
      Array.from({ length: 501 - lines }, (_, index) => expectedCopyLine(record(lines + index))).join(''),
    );
  });

  it('drops and counts what arrives when the queue is full, and nothing when the log is off', () => {
    const log = logOf({ STEERING_DECISION_QUEUE_SIZE: '3' });
    expect([1, 2, 3, 4, 5].map((index) => log.offer(record(index)))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(log.droppedTotal).toBe(2);
    expect(log.depth).toBe(3);
    log.settled(0, 3);
    expect(log.droppedTotal).toBe(5);

    const off = logOf({ STEERING_DECISION_LOG: 'false' });
    expect(off.offer(record(1))).toBe(false);
    expect(off.depth).toBe(0);
  });

  it('fills the chunks of a stored batch again, with only the new lines, and keeps at most SPARE_CHUNKS', () => {
    const log = logOf();
    for (let index = 0; index < 6_000; index++) log.offer(record(index));
    const stored = log.take(10_000);
    expect(stored.length).toBeGreaterThan(SPARE_CHUNKS);
    log.recycle(stored);
    const reused = new Set(stored.slice(0, SPARE_CHUNKS).map((item) => item.chunk));

    const again = Array.from({ length: 6_000 }, (_, index) => record(10_000 + index));
    for (const item of again) log.offer(item);
    const taken = log.take(10_000);
    expect(Buffer.concat(taken.map((item) => item.bytes)).toString('utf8')).toBe(
      again.map((item) => expectedCopyLine(item)).join(''),
    );
    const fromSpares = taken.filter((item) => reused.has(item.chunk));
    expect(fromSpares).toHaveLength(SPARE_CHUNKS);
    // Each chunk is handed out once.
    expect(new Set(taken.map((item) => item.chunk)).size).toBe(taken.length);
  });
});
