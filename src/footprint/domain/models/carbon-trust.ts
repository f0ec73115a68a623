import { CARBON_TRUST_2021 } from '../coefficients.js';
import {
  MINUTES_PER_HOUR,
  WATTS_PER_KILOWATT,
  dataCentreEnergyKwh,
  validateModelInput,
  pickDeviceWatts,
  describeFallback,
  fromCoefficient,
  absentSegment,
  segments,
} from '../model-parts.js';
import type { Assumption, FootprintModelInput, ModelEstimate } from '../model-types.js';

/**
 * Carbon Trust 2021 conventional approach: DC and devices by viewing time, network and home
 * router by data. The home router takes the viewer's intensity, so it is counted in `network`.
 */
export function carbonTrustEnergy(input: FootprintModelInput): ModelEstimate {
  validateModelInput(input);
  const hours = input.durationMinutes / MINUTES_PER_HOUR;
  const assumptions: Assumption[] = [];
  const notes: string[] = [];
  const flags: string[] = [];

  const dataCentreCoefficient = CARBON_TRUST_2021.dataCentreKwhPerHour;
  const networkCoefficient = CARBON_TRUST_2021.networkKwhPerGb[input.connection];
  assumptions.push(fromCoefficient(dataCentreCoefficient), fromCoefficient(networkCoefficient));
  const dataCentre = dataCentreEnergyKwh(
    hours * dataCentreCoefficient.value,
    CARBON_TRUST_2021.dataCentreIncludesFacilityOverhead,
    input.dataCentrePue,
    assumptions,
  );
  const coreAndAccess = input.dataVolumeGb * networkCoefficient.value;

  let homeRouter = 0;
  if (input.connection === 'mobile') {
    assumptions.push({
      name: 'homeRouterKwhPerGb',
      value: 0,
      unit: 'kWh/GB',
      source: 'mobile connection: no home router (Carbon Trust 2021 applies it to fixed broadband only)',
    });
  } else {
    assumptions.push(fromCoefficient(CARBON_TRUST_2021.homeRouterKwhPerGb));
    homeRouter = input.dataVolumeGb * CARBON_TRUST_2021.homeRouterKwhPerGb.value;
    notes.push('Home router energy is included in network (both take the viewer intensity)');
  }

  const watts = pickDeviceWatts(input, CARBON_TRUST_2021.deviceWatts, CARBON_TRUST_2021.deviceWattsFallback);
  assumptions.push(watts.assumption);
  if (watts.isFallback) {
    notes.push(`Carbon Trust has no ${input.device} figure: ${describeFallback(watts.assumption)} used`);
    flags.push('carbon-trust-extended');
  }
  const peripheralWatts = input.peripheralWatts ?? 0;
  assumptions.push({
    name: 'peripheralWatts',
    value: peripheralWatts,
    unit: 'W',
    source:
      input.peripheralWatts === undefined
        ? 'no set-top box or console given: 0 W (Carbon Trust Europe average is 10 W)'
        : 'caller-supplied set-top box or console power',
  });
  const screen = (hours * watts.assumption.value) / WATTS_PER_KILOWATT;
  const peripheral = (hours * peripheralWatts) / WATTS_PER_KILOWATT;

  assumptions.push(absentSegment('embodied', 'Carbon Trust 2021 covers operational electricity only'));
  return {
    model: 'carbon-trust',
    energyKwh: segments(dataCentre, coreAndAccess + homeRouter, screen + peripheral, 0),
    breakdownKwh: { dataCentre, coreAndAccess, homeRouter, screen, peripheral },
    assumptions,
    notes,
    flags,
  };
}
