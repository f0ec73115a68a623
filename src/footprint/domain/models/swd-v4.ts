import { SWD_V4 } from '../coefficients.js';
import {
  dataCentreEnergyKwh,
  validateModelInput,
  noteIgnoredPeripheral,
  fromCoefficient,
  segments,
} from '../model-parts.js';
import type { Assumption, FootprintModelInput, ModelEstimate } from '../model-types.js';

/** SWD v4 (co2.js 0.19.0): every segment per GB; embodied energy is its own segment. */
export function swdV4Energy(input: FootprintModelInput): ModelEstimate {
  validateModelInput(input);
  const gb = input.dataVolumeGb;
  const operational = SWD_V4.operationalKwhPerGb;
  const embodiedTable = SWD_V4.embodiedKwhPerGb;
  const assumptions: Assumption[] = [
    fromCoefficient(operational.dataCentre),
    fromCoefficient(operational.network),
    fromCoefficient(operational.device),
    fromCoefficient(embodiedTable.dataCentre),
    fromCoefficient(embodiedTable.network),
    fromCoefficient(embodiedTable.device),
    fromCoefficient(SWD_V4.embodiedGramsCo2PerKwh),
  ];
  const notes = ['SWD v4 has no device, connection or duration input: every segment scales with data volume'];
  const dataCentre = dataCentreEnergyKwh(
    gb * operational.dataCentre.value,
    SWD_V4.dataCentreIncludesFacilityOverhead,
    input.dataCentrePue,
    assumptions,
  );
  const network = gb * operational.network.value;
  const device = gb * operational.device.value;
  const dataCentreEmbodied = gb * embodiedTable.dataCentre.value;
  const networkEmbodied = gb * embodiedTable.network.value;
  const deviceEmbodied = gb * embodiedTable.device.value;
  if (input.deviceWatts !== undefined) notes.push('deviceWatts ignored: SWD v4 device energy is per byte');
  noteIgnoredPeripheral(input, 'SWD v4', notes);
  return {
    model: 'swd-v4',
    energyKwh: segments(dataCentre, network, device, dataCentreEmbodied + networkEmbodied + deviceEmbodied),
    breakdownKwh: {
      dataCentreOperational: dataCentre,
      networkOperational: network,
      deviceOperational: device,
      dataCentreEmbodied,
      networkEmbodied,
      deviceEmbodied,
    },
    assumptions,
    notes,
    flags: [],
  };
}
