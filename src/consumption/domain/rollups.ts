/**
 * Rollup deltas of a set of views: per UTC day and dimension value, the count and the sums that
 * GET /stats reads. Computed in the application so that the database only upserts the few
 * hundred resulting rows (see ConsumptionStore.insertViews).
 */

/** The dimensions of view_rollups, `all` first (its key is the empty string). */
export const ROLLUP_DIMENSIONS = [
  'all',
  'viewerCountry',
  'region',
  'provider',
  'resolution',
  'device',
  'connection',
  'model',
  'video',
] as const;

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

/** `dimension \t day \t key` → [views, minutes, data volume GB, energy kWh, emissions g]. */
export type RollupDeltas = Map<string, [number, number, number, number, number]>;

/** Adds one view to every dimension's row of its UTC day. */
export function addToRollups(deltas: RollupDeltas, view: RollupContribution): void {
  const day = view.startedAt.toISOString().slice(0, 10);
  const keys = [
    '',
    view.viewerCountry,
    view.region,
    view.provider,
    view.resolution,
    view.device,
    view.connection,
    view.model,
    view.videoId,
  ];
  for (let index = 0; index < ROLLUP_DIMENSIONS.length; index++) {
    const key = `${ROLLUP_DIMENSIONS[index]}\t${day}\t${keys[index]}`;
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

/** The deltas as the eight column arrays of the upsert, sorted by key (a fixed lock order). */
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
