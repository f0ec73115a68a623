/**
 * The footprint stored with a view: the footprint domain's data volume and model, with the
 * serving zone's intensity for the data centre and the viewer's for network and device. Pure.
 */
import type { FootprintModel, Resolution, Device, Connection } from '../../footprint/domain/coefficients.js';
import { dataVolume } from '../../footprint/domain/data-volume.js';
import { estimateFootprint, segmentEmissions } from '../../footprint/domain/models.js';
import type { EnergyBySegment } from '../../footprint/domain/model-types.js';

export interface ViewFootprintInput {
  durationMinutes: number;
  resolution: Resolution;
  device: Device;
  connection: Connection;
  model: FootprintModel;
  dataCentrePue?: number;
  /** Window-averaged intensities over the view, gCO2e/kWh. */
  dataCentreGCo2ePerKwh: number;
  viewerGCo2ePerKwh: number;
}

export interface ViewFootprint {
  dataVolumeGb: number;
  energyKwh: EnergyBySegment;
  emissionsG: EnergyBySegment;
}

export function viewFootprint(input: ViewFootprintInput): ViewFootprint {
  const { dataVolumeGb } = dataVolume({
    durationMinutes: input.durationMinutes,
    resolution: input.resolution,
  });
  const estimate = estimateFootprint(input.model, {
    durationMinutes: input.durationMinutes,
    dataVolumeGb,
    device: input.device,
    connection: input.connection,
    dataCentrePue: input.dataCentrePue,
  });
  const emissionsG = segmentEmissions(
    estimate.energyKwh,
    { dataCentre: input.dataCentreGCo2ePerKwh, viewer: input.viewerGCo2ePerKwh },
    input.model,
  );
  return { dataVolumeGb, energyKwh: estimate.energyKwh, emissionsG };
}
