import { dayPartition } from './domain/day-partitions.js';
import type { CandidateRecord, CandidateSetRecord } from './domain/decision-record.js';
import { candidateSetJson } from './domain/decision-rows.js';
import { shortHashOf } from './session-hash.js';

/** Set ids remembered as stored or queued in a day; past it they are forgotten, and sent again. */
export const KNOWN_SETS_KEPT = 100_000;

/**
 * The decision log's sets of candidates (docs/STEERING.md#how-the-log-stores-candidates): a
 * decision's candidates are stored once per distinct set and UTC day, and each decision names its
 * set. The decisions of one second for one viewer place share their candidates but for the live
 * sessions, so a set is written once, not with every decision.
 *
 * A set is found without writing it: by the recommendation answer the decision ranked with (shared
 * by the decisions of a second, or NO_RECOMMENDATION), the service directory's version and a key
 * naming the candidates in order with their statuses. Only the first decision of such a group writes
 * the set's JSON and hashes it. A set's id is a hash of its day and JSON, so every instance names
 * the same set alike and storing it twice is harmless. New sets wait here until the writer stores
 * them with the decisions, in the same transaction; a batch that fails gives its sets back, to go
 * with the next one, so that no stored decision names a set that is not stored.
 */
export class CandidateSets {
  private byAnswer = new WeakMap<object, Map<string, string>>();
  private known = new Set<string>();
  private pending: CandidateSetRecord[] = [];
  private dayStartMs = 0;
  private dayEndMs = 0;
  private day = '';
  private directoryVersion = Number.NaN;

  /**
   * The id of the set of candidates `build` gives: `build` runs only for the first decision of a day
   * with this answer, directory version and key.
   */
  idOf(
    nowMs: number,
    directoryVersion: number,
    answer: object,
    key: string,
    build: () => readonly CandidateRecord[],
  ): string {
    if (nowMs >= this.dayEndMs || nowMs < this.dayStartMs) this.startDay(nowMs);
    if (directoryVersion !== this.directoryVersion) {
      // Origins may have changed (capacity, pathway): the groups seen so far say nothing of the new ones.
      this.byAnswer = new WeakMap();
      this.directoryVersion = directoryVersion;
    }
    let byKey = this.byAnswer.get(answer);
    if (byKey === undefined) {
      byKey = new Map();
      this.byAnswer.set(answer, byKey);
    }
    let id = byKey.get(key);
    if (id === undefined) {
      const candidates = candidateSetJson(build());
      id = candidateSetId(this.day, candidates);
      if (!this.known.has(id)) {
        if (this.known.size >= KNOWN_SETS_KEPT) this.known.clear();
        this.known.add(id);
        this.pending.push({ setId: id, day: this.day, candidates });
      }
      byKey.set(key, id);
    }
    return id;
  }

  /** The sets not stored yet, to store with the decisions taken just before. */
  take(): CandidateSetRecord[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Sets whose batch was not stored: they go with the next batch (decisions queued since name them). */
  giveBack(sets: readonly CandidateSetRecord[]): void {
    if (sets.length > 0) this.pending = [...sets, ...this.pending];
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * A set's id holds its day, the day of the decisions' partition: a new day stores its sets anew
   * (retention drops them by day, with the partitions).
   */
  private startDay(nowMs: number): void {
    const { from, to } = dayPartition(new Date(nowMs));
    this.dayStartMs = from.getTime();
    this.dayEndMs = to.getTime();
    this.day = from.toISOString().slice(0, 10);
    this.byAnswer = new WeakMap();
    this.known.clear();
  }
}

/** The short hash (shortHashOf) of the day and the set's JSON. */
export function candidateSetId(day: string, candidatesJson: string): string {
  return shortHashOf(`${day}\n${candidatesJson}`);
}
