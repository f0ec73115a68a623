/** A view ready to store, and what it adds to the rollups. Pure. */
import type { RollupContribution } from './rollups.js';

/** A view ready to store: the input, where it was served, and its footprint. */
export interface ViewRow {
  clientId: string;
  videoId: string;
  startedAt: Date;
  durationMinutes: number;
  resolution: string;
  device: string;
  connection: string;
  viewerCountry: string;
  viewerZone: string;
  region: string;
  provider: string;
  dataCentreZone: string;
  model: string;
  dataVolumeGb: number;
  energyKwh: Segments;
  emissionsG: Segments;
  dataCentreGCo2ePerKwh: number;
  viewerGCo2ePerKwh: number;
  dataCentreSources: string[];
  viewerSources: string[];
  /** The view's carbon receipt; null when the view named no region (docs/RECOMMENDATION.md#receipt). */
  receipt: ViewReceipt | null;
}

/** Data-centre grams avoided against the nearest serving region to the viewer. */
export interface ViewReceipt {
  /** Nearest region's data-centre grams minus the serving region's (negative: served dirtier). */
  avoidedG: number;
  /** The nearest serving region, as the viewer's country is placed (population-weighted centre). */
  baselineRegion: string;
}

export interface Segments {
  dataCentre: number;
  network: number;
  device: number;
  embodied: number;
  total: number;
}

export function rollupContribution(row: ViewRow): RollupContribution {
  return {
    startedAt: row.startedAt,
    viewerCountry: row.viewerCountry,
    region: row.region,
    provider: row.provider,
    resolution: row.resolution,
    device: row.device,
    connection: row.connection,
    model: row.model,
    videoId: row.videoId,
    durationMinutes: row.durationMinutes,
    dataVolumeGb: row.dataVolumeGb,
    energyTotalKwh: row.energyKwh.total,
    emissionsTotalG: row.emissionsG.total,
    avoidedG: row.receipt?.avoidedG ?? null,
  };
}
