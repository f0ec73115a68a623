import { Injectable } from '@nestjs/common';
import { PgSessions } from '../platform/database/pg-sessions.js';
import {
  isTimeGroup,
  statsFigures,
  statsRange,
  timeGroupKey,
  type RollupSums,
  type StatsFigures,
  type StatsGroup,
} from './domain/stats.js';
import { RollupsRepository } from './persistence/rollups.repository.js';

const DEFAULT_POPULARITY_LIMIT = 100;
const NO_LIMIT = 1_000_000_000;

/** The query of GET /stats (StatsQuery, validated). */
export interface StatsRequest {
  from?: Date;
  to?: Date;
  groupBy?: StatsGroup;
  limit?: number;
}

export interface Stats {
  from: string;
  to: string;
  totals: StatsFigures;
  groups: (StatsFigures & { key: string })[];
}

function emptySums(): RollupSums {
  return { views: 0, minutes: 0, dataVolumeGb: 0, energyKwh: 0, emissionsG: 0, avoidedG: 0, receiptViews: 0 };
}

function addSums(target: RollupSums, more: RollupSums): void {
  target.views += more.views;
  target.minutes += more.minutes;
  target.dataVolumeGb += more.dataVolumeGb;
  target.energyKwh += more.energyKwh;
  target.avoidedG += more.avoidedG;
  target.receiptViews += more.receiptViews;
  target.emissionsG += more.emissionsG;
}

/** GET /stats: totals and groups of recorded views, from the rollups only. */
@Injectable()
export class ViewStatistics {
  constructor(
    private readonly sessions: PgSessions,
    private readonly rollups: RollupsRepository,
  ) {}

  async stats(query: StatsRequest, now = new Date()): Promise<Stats> {
    const range = statsRange(query.from, query.to, now);
    const group: StatsGroup | undefined = query.groupBy;
    const dimension = group !== undefined && !isTimeGroup(group) ? group : undefined;
    // With a dimension, totals and groups come from one snapshot: they agree even while batches
    // are being recorded between the two statements.
    const { days, rows } =
      dimension === undefined
        ? { days: await this.rollups.dailyTotals(range.from, range.to), rows: [] }
        : await this.sessions.readSnapshot(async (client) => ({
            days: await this.rollups.dailyTotals(range.from, range.to, client),
            rows: await this.rollups.groups(
              dimension,
              range.from,
              range.to,
              'views',
              query.limit ?? (dimension === 'video' ? DEFAULT_POPULARITY_LIMIT : NO_LIMIT),
              client,
            ),
          }));
    const totals = emptySums();
    for (const day of days) addSums(totals, day);
    let groups: Stats['groups'] = [];
    if (group !== undefined && isTimeGroup(group)) {
      const byKey = new Map<string, RollupSums>();
      for (const day of days) {
        const key = timeGroupKey(day.day, group);
        const sums = byKey.get(key) ?? emptySums();
        addSums(sums, day);
        byKey.set(key, sums);
      }
      groups = [...byKey.entries()]
        .slice(0, query.limit ?? NO_LIMIT)
        .map(([key, sums]) => ({ key, ...statsFigures(sums) }));
    } else if (dimension !== undefined) {
      groups = rows.map((row) => ({ key: row.key, ...statsFigures(row) }));
    }
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      totals: statsFigures(totals),
      groups,
    };
  }
}
