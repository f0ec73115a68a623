import { ONE_BYTE } from '../coefficients.js';
import {
  MINUTES_PER_HOUR,
  WATTS_PER_KILOWATT,
  dataCentreEnergyKwh,
  validateModelInput,
  pickDeviceWatts,
  describeFallback,
  noteIgnoredPeripheral,
  fromCoefficient,
  absentSegment,
  segments,
} from '../model-parts.js';
import type { Assumption, FootprintModelInput, ModelEstimate } from '../model-types.js';

/** The Shift Project 1byte, spreadsheet form: DC and network per byte, device per minute. */
export function oneByteEnergy(input: FootprintModelInput): ModelEstimate {
  validateModelInput(input);
  const hours = input.durationMinutes / MINUTES_PER_HOUR;
  const assumptions: Assumption[] = [];
  const notes: string[] = [];
  const flags: string[] = [];

  const dataCentreCoefficient = ONE_BYTE.dataCentreKwhPerGb;
  const networkCoefficient = ONE_BYTE.networkKwhPerGb[input.connection];
  assumptions.push(fromCoefficient(dataCentreCoefficient), fromCoefficient(networkCoefficient));
  const dataCentre = dataCentreEnergyKwh(
    input.dataVolumeGb * dataCentreCoefficient.value,
    ONE_BYTE.dataCentreIncludesFacilityOverhead,
    input.dataCentrePue,
    assumptions,
  );
  const network = input.dataVolumeGb * networkCoefficient.value;

  const watts = pickDeviceWatts(input, ONE_BYTE.deviceWatts, ONE_BYTE.deviceWattsFallback);
  assumptions.push(watts.assumption);
  if (watts.isFallback) {
    notes.push(`1byte has no ${input.device} figure: ${describeFallback(watts.assumption)} used`);
    flags.push('1byte-extended');
  }
  const device = (hours * watts.assumption.value) / WATTS_PER_KILOWATT;

  assumptions.push(absentSegment('embodied', '1byte counts operational electricity only'));
  noteIgnoredPeripheral(input, '1byte', notes);
  return {
    model: '1byte',
    energyKwh: segments(dataCentre, network, device, 0),
    breakdownKwh: { dataCentre, network, device },
    assumptions,
    notes,
    flags,
  };
}
