/** Daily partitions of the decision log (steering_decisions): names, bounds and retention. Pure. */
import { MS_PER_DAY } from '../../platform/kernel/time.js';

export interface DayPartition {
  /** e.g. steering_decisions_20261201 */
  name: string;
  /** Midnight UTC (inclusive). */
  from: Date;
  /** The next midnight (exclusive). */
  to: Date;
}

export const DECISION_PARTITION_PREFIX = 'steering_decisions_';
const NAME = /^steering_decisions_(\d{4})(\d{2})(\d{2})$/;

export function dayStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function dayPartition(at: Date): DayPartition {
  const from = dayStart(at);
  const stamp = from.toISOString().slice(0, 10).replaceAll('-', '');
  return { name: `${DECISION_PARTITION_PREFIX}${stamp}`, from, to: new Date(from.getTime() + MS_PER_DAY) };
}

/** The days kept ready: yesterday (late writes around midnight), today and `ahead` more. */
export function partitionsAround(now: Date, ahead: number): DayPartition[] {
  const today = dayStart(now).getTime();
  const days: DayPartition[] = [];
  for (let offset = -1; offset <= ahead; offset++)
    days.push(dayPartition(new Date(today + offset * MS_PER_DAY)));
  return days;
}

/** The oldest instant kept: midnight UTC `retentionDays` days before today's. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(dayStart(now).getTime() - retentionDays * MS_PER_DAY);
}

/** Of the partition names given, those whose whole day is before the cutoff. */
export function expiredPartitions(names: readonly string[], cutoff: Date): string[] {
  return names
    .filter((name) => {
      const match = NAME.exec(name);
      if (!match) return false;
      const end = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + MS_PER_DAY;
      return end <= cutoff.getTime();
    })
    .sort();
}
