/**
 * A footprint request once its fields are well-formed (http/FootprintQuery is its HTTP form), and
 * how a what-if scenario changes one. Pure.
 */
import type { ViewerQuery } from '../../geo/domain/viewer-location.js';
import type { Connection, Device, FootprintModel } from './coefficients.js';
import type { DataVolumeInput } from './data-volume.js';
import type { IeaFigure } from './model-types.js';

export interface FootprintRequest extends DataVolumeInput, Pick<ViewerQuery, 'viewerCountry' | 'viewerZone'> {
  device?: Device;
  connection?: Connection;
  /** Serving region, `provider:code` (or dataCentreZone). */
  region?: string;
  dataCentreZone?: string;
  startAt?: Date;
  /** One model, or `all` for each of them. */
  model?: FootprintModel | 'all';
  /** Caller-measured screen power, W (overrides the model's device table). */
  deviceWatts?: number;
  /** Set-top box or console, W (Carbon Trust only; the other models note it as ignored). */
  peripheralWatts?: number;
  /** IEA's published central figure rather than the device-scaled one (model=iea only). */
  ieaFigure?: IeaFigure;
  /**
   * Share of the serving data centre's electricity from a renewable (green-hosting) supply, 0..1:
   * that share is valued at 50 g/kWh (co2.js RENEWABLES_GRID_INTENSITY), the rest at the grid's.
   */
  greenHostingShare?: number;
}

/** What a scenario changes in the baseline: any parameter but the model. */
export type FootprintChanges = Partial<Omit<FootprintRequest, 'model'>>;

/** The baseline with a scenario's changes: a new resolution, region or zone replaces what it overrides. */
export function withChanges(baseline: FootprintRequest, changes: FootprintChanges): FootprintRequest {
  const request: FootprintRequest = { ...baseline };
  if (
    changes.resolution !== undefined &&
    changes.bitrateMbps === undefined &&
    changes.dataVolumeGb === undefined
  ) {
    delete request.bitrateMbps;
    delete request.dataVolumeGb;
  }
  if (changes.bitrateMbps !== undefined) delete request.dataVolumeGb;
  if (changes.dataVolumeGb !== undefined) delete request.bitrateMbps;
  if (changes.region !== undefined) delete request.dataCentreZone;
  if (changes.dataCentreZone !== undefined) delete request.region;
  if (changes.viewerCountry !== undefined && changes.viewerZone === undefined) delete request.viewerZone;
  return { ...request, ...definedOnly(changes) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
