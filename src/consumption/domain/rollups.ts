/**
 * Rollup deltas of a set of views: per UTC day and dimension value, the count and the sums that
 * GET /stats reads. Computed in the application so that the database only upserts the few
 * hundred resulting rows (see ConsumptionStore.insertViews).
 */
import { DIMENSION_GROUPS } from './stats.js';

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

/** `dimension \t day \t key` → [views, minutes, data volume GB, energy kWh, emissions g]. */
export type RollupDeltas = Map<string, [number, number, number, number, number]>;

/** Adds one view to every dimension's row of its UTC day. */
export function addToRollups(deltas: RollupDeltas, view: RollupContribution): void {
  const day = view.startedAt.toISOString().slice(0, 10);
  for (const dimension of ROLLUP_DIMENSIONS) {
    const key = `${dimension}\t${day}\t${KEY_OF[dimension](view)}`;
    const sums = deltas.get(key);
    if (sums) {
      sums[0] += 1;
      sums[1] += view.durationMinutes;
      sums[2] += view.dataVolumeGb;
      sums[3] += view.energyTotalKwh;
      sums[4] += view.emissionsTotalG;
    } else {
      deltas.set(key, [
        1,
        view.durationMinutes,
        view.dataVolumeGb,
        view.energyTotalKwh,
        view.emissionsTotalG,
      ]);
    }
  }
}

/** The deltas as the upsert's columns (dimension, day, key, then the five sums), sorted by key (a fixed lock order). */
export function rollupColumns(deltas: RollupDeltas): [string[], string[], string[], number[][]] {
  const dimensions: string[] = [];
  const days: string[] = [];
  const keys: string[] = [];
  const sums: number[][] = [[], [], [], [], []];
  for (const key of [...deltas.keys()].sort()) {
    const [dimension, day, value] = key.split('\t') as [string, string, string];
    dimensions.push(dimension);
    days.push(day);
    keys.push(value);
    deltas.get(key)!.forEach((sum, index) => sums[index]!.push(sum));
  }
  return [dimensions, days, keys, sums];
}
