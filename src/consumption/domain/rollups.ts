/**
 * Rollup deltas of a set of views: per UTC day and dimension value, the count and the sums that
 * GET /stats reads. Computed in the application so that the database only receives the few
 * hundred resulting rows (see IngestViews and RollupsRepository.appendDeltas). Pure.
 */
import { DIMENSION_GROUPS } from './stats.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';

/** The dimensions of view_rollups: `all` (its key is the empty string), then those /stats groups by. */
export const ROLLUP_DIMENSIONS = ['all', ...DIMENSION_GROUPS] as const;

/** What a view contributes to the rollups. */
export interface RollupContribution {
  startedAt: Date;
  viewerCountry: string;
  region: string;
  provider: string;
  resolution: string;
  device: string;
  connection: string;
  model: string;
  videoId: string;
  durationMinutes: number;
  dataVolumeGb: number;
  energyTotalKwh: number;
  emissionsTotalG: number;
  /** The view's carbon receipt, g (null: no receipt; docs/RECOMMENDATION.md#receipt). */
  avoidedG: number | null;
}

/** The key of a view's row under each dimension (compiles only if every dimension has one). */
const KEY_OF: Record<(typeof ROLLUP_DIMENSIONS)[number], (view: RollupContribution) => string> = {
  all: () => '',
  viewerCountry: (view) => view.viewerCountry,
  region: (view) => view.region,
  provider: (view) => view.provider,
  resolution: (view) => view.resolution,
  device: (view) => view.device,
  connection: (view) => view.connection,
  model: (view) => view.model,
  video: (view) => view.videoId,
};
const KEYS = ROLLUP_DIMENSIONS.map((dimension) => KEY_OF[dimension]);

/**
 * [views, minutes, data volume GB, energy kWh, emissions g, avoided g, views with a receipt] of
 * one row.
 */
export type RowSums = [number, number, number, number, number, number, number];

/** Number of sums in a row. */
export const ROW_SUMS = 7;

/** The rollup rows as columns, aligned by index: what the SQL unnests. */
export interface RollupColumns {
  dimensions: string[];
  days: string[];
  keys: string[];
  /** The seven sums, each a column. */
  sums: [number[], number[], number[], number[], number[], number[], number[]];
}

interface DayRows {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Per dimension (ROLLUP_DIMENSIONS order): key → sums. */
  rows: Map<string, RowSums>[];
}

/**
 * Sums per (dimension, UTC day, key). Rows are found through maps keyed by the values the views
 * already hold (day number, then the dimension's key), so adding a view builds no string.
 */
export class RollupDeltas {
  private readonly days = new Map<number, DayRows>();
  private rowCount = 0;

  /** Number of (dimension, day, key) rows. */
  get size(): number {
    return this.rowCount;
  }

  /** Adds one view to every dimension's row of its UTC day. */
  add(view: RollupContribution): void {
    const dayNumber = Math.floor(view.startedAt.getTime() / MS_PER_DAY);
    let day = this.days.get(dayNumber);
    if (!day) {
      day = {
        day: new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10),
        rows: KEYS.map(() => new Map()),
      };
      this.days.set(dayNumber, day);
    }
    for (let dimension = 0; dimension < KEYS.length; dimension++) {
      const rows = day.rows[dimension]!;
      const key = KEYS[dimension]!(view);
      const sums = rows.get(key);
      if (sums) {
        sums[0] += 1;
        sums[1] += view.durationMinutes;
        sums[2] += view.dataVolumeGb;
        sums[3] += view.energyTotalKwh;
        sums[4] += view.emissionsTotalG;
        if (view.avoidedG !== null) {
          sums[5] += view.avoidedG;
          sums[6] += 1;
        }
      } else {
        rows.set(key, [
          1,
          view.durationMinutes,
          view.dataVolumeGb,
          view.energyTotalKwh,
          view.emissionsTotalG,
          view.avoidedG ?? 0,
          view.avoidedG === null ? 0 : 1,
        ]);
        this.rowCount += 1;
      }
    }
  }

  /** The sums of one row, if any view added to it. */
  get(dimension: (typeof ROLLUP_DIMENSIONS)[number], day: string, key: string): RowSums | undefined {
    const dayNumber = Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY;
    return this.days.get(dayNumber)?.rows[ROLLUP_DIMENSIONS.indexOf(dimension)]?.get(key);
  }

  /** Every row as columns (in no particular order: SQL sorts where a lock order matters). */
  columns(): RollupColumns {
    const columns: RollupColumns = { dimensions: [], days: [], keys: [], sums: [[], [], [], [], [], [], []] };
    for (const { day, rows } of this.days.values()) {
      rows.forEach((byKey, dimension) => {
        for (const [key, sums] of byKey) {
          columns.dimensions.push(ROLLUP_DIMENSIONS[dimension]!);
          columns.days.push(day);
          columns.keys.push(key);
          for (let index = 0; index < ROW_SUMS; index++) columns.sums[index]!.push(sums[index]!);
        }
      });
    }
    return columns;
  }
}
