/** The input and output shapes of the footprint models (energy per segment, assumptions, notes). */
import type { Confidence, Connection, Device, FootprintModel } from './coefficients.js';

export interface FootprintModelInput {
  durationMinutes: number;
  dataVolumeGb: number;
  device: Device;
  connection: Connection;
  /** PUE of the serving provider (>= 1); recorded, applied only where a model's DC figure excludes it. */
  dataCentrePue?: number;
  /** Caller-supplied screen power in W (e.g. a measured TV); overrides the model's device table. */
  deviceWatts?: number;
  /** Set-top box or console used as player, in W. Only the Carbon Trust model has this term. */
  peripheralWatts?: number;
  /**
   * IEA only: `central` is the IEA's published 0.077 kWh per viewing hour (average device mix);
   * `device-scaled` (default) replaces the average device by the chosen one.
   */
  ieaFigure?: IeaFigure;
}

export const IEA_FIGURES = ['device-scaled', 'central'] as const;
export type IeaFigure = (typeof IEA_FIGURES)[number];

export interface EnergyBySegment {
  dataCentre: number;
  network: number;
  device: number;
  /** Manufacturing energy (SWD v4 only); the operational segments above exclude it. */
  embodied: number;
  total: number;
}

export type EmissionsBySegment = EnergyBySegment;

export interface Assumption {
  name: string;
  value: number;
  unit: string;
  source: string;
  /** P / R / D (docs/FOOTPRINT-MODELS.md#confidence-labels); absent for values the caller supplied. */
  confidence?: Confidence;
}

export interface ModelEstimate {
  model: FootprintModel;
  energyKwh: EnergyBySegment;
  /** Finer terms inside the segments (e.g. the Carbon Trust home router inside network), in kWh. */
  breakdownKwh: Record<string, number>;
  assumptions: Assumption[];
  notes: string[];
  /** Machine-readable caveats, e.g. "1byte-extended" when a device value was borrowed. */
  flags: string[];
}
