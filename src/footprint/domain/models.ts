/**
 * The four footprint models as pure functions: energy per segment in kWh for one viewing session,
 * plus every coefficient used (assumptions) and what was borrowed or ignored (notes, flags).
 * Emissions are left to the caller through `segmentEmissions`, because each segment takes the
 * intensity of a different place (reference §0, location rule).
 *
 * Provider PUE: every model's data-centre figure is a top-down share of total data-centre
 * electricity (1byte: Forecast Model TWh/EB; Carbon Trust: allocated DC + CDN energy; IEA: share
 * of its total; SWD v4: IEA 2022 totals), so facility overheads are already inside it. Multiplying
 * by the provider's PUE would count cooling twice; the PUE is therefore recorded, not applied.
 * `dataCentreEnergyKwh` keeps the rule in one place should a model with IT-only figures be added.
 */
import { InvalidInputError } from '../../platform/kernel/errors.js';
import {
  CARBON_TRUST_2021,
  CONNECTIONS,
  DEVICES,
  FOOTPRINT_MODELS,
  IEA_2020,
  ONE_BYTE,
  SWD_V4,
  type Coefficient,
  type Confidence,
  type Connection,
  type Device,
  type FootprintModel,
} from './coefficients.js';
import { validateDurationMinutes } from './data-volume.js';

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
}

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
  /** P / R / D as in the reference; absent for values the caller supplied. */
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

const MINUTES_PER_HOUR = 60;
const WATTS_PER_KILOWATT = 1000;

export function emissionsGrams(energyKwh: number, gramsPerKwh: number): number {
  if (!Number.isFinite(energyKwh) || energyKwh < 0) {
    throw InvalidInputError.forField('energyKwh', 'must be a number >= 0');
  }
  if (!Number.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
    throw InvalidInputError.forField('gramsPerKwh', 'must be a number >= 0');
  }
  return energyKwh * gramsPerKwh;
}

/**
 * Grams per segment: data centre at the serving zone's intensity, network and device at the
 * viewer's, SWD v4 embodied energy at its fixed global intensity (reference §0, §4.3).
 */
export function segmentEmissions(
  energy: EnergyBySegment,
  intensities: { dataCentre: number; viewer: number },
  model: FootprintModel,
): EmissionsBySegment {
  if (model !== 'swd-v4' && energy.embodied !== 0) {
    throw InvalidInputError.forField(
      'embodied',
      `must be 0 for model ${model}, which has no embodied segment`,
    );
  }
  const embodiedGramsPerKwh = model === 'swd-v4' ? SWD_V4.embodiedGramsCo2PerKwh.value : 0;
  const dataCentre = emissionsGrams(energy.dataCentre, intensities.dataCentre);
  const network = emissionsGrams(energy.network, intensities.viewer);
  const device = emissionsGrams(energy.device, intensities.viewer);
  const embodied = emissionsGrams(energy.embodied, embodiedGramsPerKwh);
  return { dataCentre, network, device, embodied, total: dataCentre + network + device + embodied };
}

/** Applies the PUE only when the model's figure excludes facility overheads; records the choice. */
export function dataCentreEnergyKwh(
  baseKwh: number,
  includesFacilityOverhead: boolean,
  dataCentrePue: number | undefined,
  assumptions: Assumption[],
): number {
  if (includesFacilityOverhead) {
    if (dataCentrePue !== undefined) {
      assumptions.push({
        name: 'dataCentrePue',
        value: dataCentrePue,
        unit: 'ratio',
        source: 'provider PUE, not applied: the model data-centre figure already includes facility overheads',
      });
    }
    return baseKwh;
  }
  const pue = dataCentrePue ?? 1;
  assumptions.push({
    name: 'dataCentrePue',
    value: pue,
    unit: 'ratio',
    source:
      dataCentrePue === undefined
        ? 'no provider PUE given: 1 used, IT energy only'
        : 'provider PUE, applied: the model data-centre figure is IT energy only',
  });
  return baseKwh * pue;
}

export function estimateFootprint(model: FootprintModel, input: FootprintModelInput): ModelEstimate {
  switch (model) {
    case '1byte':
      return oneByteEnergy(input);
    case 'carbon-trust':
      return carbonTrustEnergy(input);
    case 'iea':
      return ieaEnergy(input);
    case 'swd-v4':
      return swdV4Energy(input);
    default:
      throw InvalidInputError.forField('model', `must be one of ${FOOTPRINT_MODELS.join(', ')}`);
  }
}

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

  const watts = pickDeviceWatts(input, IEA_2020.deviceWatts, IEA_2020.deviceWattsFallback);
  assumptions.push(watts.assumption);
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

function validateModelInput(input: FootprintModelInput): void {
  validateDurationMinutes(input.durationMinutes);
  if (!Number.isFinite(input.dataVolumeGb) || input.dataVolumeGb < 0) {
    throw InvalidInputError.forField('dataVolumeGb', 'must be a number >= 0');
  }
  if (!(DEVICES as readonly string[]).includes(input.device)) {
    throw InvalidInputError.forField('device', `must be one of ${DEVICES.join(', ')}`);
  }
  if (!(CONNECTIONS as readonly string[]).includes(input.connection)) {
    throw InvalidInputError.forField('connection', `must be one of ${CONNECTIONS.join(', ')}`);
  }
  if (
    input.dataCentrePue !== undefined &&
    (!Number.isFinite(input.dataCentrePue) || input.dataCentrePue < 1)
  ) {
    throw InvalidInputError.forField('dataCentrePue', 'must be a number >= 1');
  }
  for (const field of ['deviceWatts', 'peripheralWatts'] as const) {
    const value = input[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw InvalidInputError.forField(field, 'must be a number >= 0');
    }
  }
}

function pickDeviceWatts(
  input: FootprintModelInput,
  table: Partial<Record<Device, Coefficient>>,
  fallback: Partial<Record<Device, Coefficient>>,
): { assumption: Assumption; isFallback: boolean } {
  if (input.deviceWatts !== undefined) {
    return {
      assumption: {
        name: 'deviceWatts',
        value: input.deviceWatts,
        unit: 'W',
        source: `caller-supplied ${input.device} power`,
      },
      isFallback: false,
    };
  }
  const own = table[input.device];
  if (own) return { assumption: fromCoefficient(own), isFallback: false };
  const borrowed = fallback[input.device];
  if (!borrowed) {
    // Unreachable while every table covers DEVICES; guards a device added without its figures.
    throw InvalidInputError.forField('device', `has no power figure for ${input.device}`);
  }
  return { assumption: fromCoefficient(borrowed), isFallback: true };
}

function describeFallback(assumption: Assumption): string {
  const origin = assumption.source.includes('Carbon Trust') ? "Carbon Trust's" : "GreenStream's assumed";
  return `${origin} ${assumption.value} W`;
}

function noteIgnoredPeripheral(input: FootprintModelInput, modelName: string, notes: string[]): void {
  if (input.peripheralWatts !== undefined) {
    notes.push(`peripheralWatts ignored: ${modelName} has no set-top box or console term`);
  }
}

function fromCoefficient(coefficient: Coefficient): Assumption {
  return { ...coefficient };
}

function absentSegment(segment: string, reason: string): Assumption {
  return { name: `${segment}Kwh`, value: 0, unit: 'kWh', source: `segment not modelled: ${reason}` };
}

function segments(dataCentre: number, network: number, device: number, embodied: number): EnergyBySegment {
  return { dataCentre, network, device, embodied, total: dataCentre + network + device + embodied };
}
