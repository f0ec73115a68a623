/** Monthly partitions of `views`: names and bounds (UTC). Pure. */

export interface MonthPartition {
  /** e.g. views_2026_11 */
  name: string;
  /** First instant of the month (inclusive). */
  from: Date;
  /** First instant of the next month (exclusive). */
  to: Date;
}

export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(month: Date, count: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + count, 1));
}

export function monthPartition(at: Date): MonthPartition {
  const from = monthStart(at);
  const month = String(from.getUTCMonth() + 1).padStart(2, '0');
  return { name: `views_${from.getUTCFullYear()}_${month}`, from, to: addMonths(from, 1) };
}

/** The partitions of every month that [from, to] touches, oldest first. */
export function partitionsCovering(from: Date, to: Date): MonthPartition[] {
  const partitions: MonthPartition[] = [];
  for (let month = monthStart(from); month.getTime() <= to.getTime(); month = addMonths(month, 1)) {
    partitions.push(monthPartition(month));
  }
  return partitions;
}

/** The months kept ready around `now`: the previous one, the current one and `ahead` more. */
export function partitionsAhead(now: Date, ahead: number): MonthPartition[] {
  return partitionsCovering(addMonths(monthStart(now), -1), addMonths(monthStart(now), ahead));
}
