import { IEA_2020 } from '../coefficients.js';
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

/**
 * IEA 2020, device-scaled [D]: the average hour's network and DC energy per viewing hour, the
 * device share replaced by the chosen device. Connection and data volume do not enter.
 */
export function ieaEnergy(input: FootprintModelInput): ModelEstimate {
  validateModelInput(input);
  const hours = input.durationMinutes / MINUTES_PER_HOUR;
  const assumptions: Assumption[] = [];
  const notes: string[] = [
    'IEA device-scaled is a calibrated approximation of the IEA 2020 average hour, not the IEA own model',
    'IEA has no connection or data-volume sensitivity: network and data-centre energy follow viewing time',
  ];
  const flags: string[] = [];

  assumptions.push(
    fromCoefficient(IEA_2020.dataCentreKwhPerHour),
    fromCoefficient(IEA_2020.networkKwhPerHour),
  );
  const dataCentre = dataCentreEnergyKwh(
    hours * IEA_2020.dataCentreKwhPerHour.value,
    IEA_2020.dataCentreIncludesFacilityOverhead,
    input.dataCentrePue,
    assumptions,
  );
  const network = hours * IEA_2020.networkKwhPerHour.value;

  if (input.ieaFigure === 'central') {
    // The published figure: the average device of the IEA's viewing mix, whatever the device.
    assumptions.push(fromCoefficient(IEA_2020.kwhPerHour), fromCoefficient(IEA_2020.averageDeviceWatts));
    notes.push(
      `IEA central figure: 0.077 kWh per viewing hour with the average device of the IEA mix; device ${input.device} and deviceWatts not used`,
    );
    flags.push('iea-central');
  }
  const watts =
    input.ieaFigure === 'central'
      ? { assumption: fromCoefficient(IEA_2020.averageDeviceWatts), isFallback: false }
      : pickDeviceWatts(input, IEA_2020.deviceWatts, IEA_2020.deviceWattsFallback);
  if (input.ieaFigure !== 'central') assumptions.push(watts.assumption);
  if (watts.isFallback) {
    notes.push(`IEA has no ${input.device} figure: ${describeFallback(watts.assumption)} used`);
    flags.push('iea-extended');
  }
  const device = (hours * watts.assumption.value) / WATTS_PER_KILOWATT;

  assumptions.push(absentSegment('embodied', 'IEA 0.077 kWh/h excludes device manufacturing'));
  noteIgnoredPeripheral(input, 'IEA', notes);
  return {
    model: 'iea',
    energyKwh: segments(dataCentre, network, device, 0),
    breakdownKwh: { dataCentre, network, device },
    assumptions,
    notes,
    flags,
  };
}
