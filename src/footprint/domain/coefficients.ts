/**
 * Coefficient tables of the four streaming-footprint models, as data. Every value, source and
 * confidence label comes from docs/FOOTPRINT-MODELS.md (its section anchors below):
 * P = primary (read in the original), R = reported (faithful reproduction, re-check before
 * publishing), D = derived (our arithmetic on P/R figures, or a stated assumption).
 */

export type Confidence = 'P' | 'R' | 'D';

export interface Coefficient {
  name: string;
  value: number;
  unit: string;
  source: string;
  confidence: Confidence;
}

export const DEVICES = ['smartphone', 'tablet', 'laptop', 'desktop', 'tv'] as const;
export type Device = (typeof DEVICES)[number];

export const CONNECTIONS = ['fixed-wired', 'wifi', 'mobile'] as const;
export type Connection = (typeof CONNECTIONS)[number];

export const RESOLUTIONS = ['240p', '360p', '480p', '720p', '1080p', '1440p', '2160p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const FOOTPRINT_MODELS = ['1byte', 'carbon-trust', 'iea', 'swd-v4'] as const;
export type FootprintModel = (typeof FOOTPRINT_MODELS)[number];

function coefficient(
  name: string,
  value: number,
  unit: string,
  source: string,
  confidence: Confidence,
): Coefficient {
  return { name, value, unit, source, confidence };
}

const DAYS_PER_YEAR = 365.25;

// --- Default delivered data rate per resolution (docs/FOOTPRINT-MODELS.md#data-rate-per-resolution)

export const DATA_VOLUME_GB_PER_HOUR_BY_RESOLUTION: Readonly<Record<Resolution, Coefficient>> = {
  '240p': coefficient('dataVolumeGbPerHour240p', 0.3, 'GB/h', 'Netflix help centre, "Low" quality', 'P'),
  '360p': coefficient('dataVolumeGbPerHour360p', 0.45, 'GB/h', 'YouTube recommended upload 1 Mbps', 'P'),
  '480p': coefficient('dataVolumeGbPerHour480p', 0.7, 'GB/h', 'Netflix help centre, "Medium (SD)"', 'P'),
  '720p': coefficient('dataVolumeGbPerHour720p', 1.5, 'GB/h', 'geometric midpoint of 0.7 and 3 GB/h', 'D'),
  '1080p': coefficient(
    'dataVolumeGbPerHour1080p',
    3.0,
    'GB/h',
    'Netflix help centre "High" (HD); Carbon Trust 2021 Table 3 FHD',
    'P',
  ),
  '1440p': coefficient('dataVolumeGbPerHour1440p', 4.5, 'GB/h', 'geometric midpoint of 3 and 7 GB/h', 'D'),
  '2160p': coefficient('dataVolumeGbPerHour2160p', 7.0, 'GB/h', 'Netflix help centre "High" (UHD)', 'P'),
};

// --- Shared fallback: a stated tablet value until a sourced one exists
// (docs/FOOTPRINT-MODELS.md#device-power-and-borrowed-values)

const TABLET_FALLBACK_WATTS = coefficient(
  'deviceWattsTablet',
  5,
  'W',
  'GreenStream assumption (docs/FOOTPRINT-MODELS.md#device-power-and-borrowed-values: tablet 5 W until a sourced value exists); not from any model',
  'D',
);

// --- The Shift Project 1byte model, spreadsheet form (docs/FOOTPRINT-MODELS.md#1byte)

const SHIFT_1BYTE_SHEET = '[Lean ICT Materials] 1byte Model, The Shift Project, 2018';

export const ONE_BYTE = {
  dataCentreKwhPerGb: coefficient(
    'dataCentreKwhPerGb',
    0.072,
    'kWh/GB',
    `${SHIFT_1BYTE_SHEET}, 'Data Centre impact'!C6 (7.2e-11 kWh/byte)`,
    'P',
  ),
  networkKwhPerGb: {
    'fixed-wired': coefficient(
      'networkKwhPerGbFixedWired',
      0.429,
      'kWh/GB',
      `${SHIFT_1BYTE_SHEET}, 'Network impact'!C5 "FAN Wired" (4.29e-10 kWh/byte)`,
      'P',
    ),
    wifi: coefficient(
      'networkKwhPerGbWifi',
      0.152,
      'kWh/GB',
      `${SHIFT_1BYTE_SHEET}, 'Network impact'!C6 "FAN WIFI" (1.52e-10 kWh/byte)`,
      'P',
    ),
    mobile: coefficient(
      'networkKwhPerGbMobile',
      0.884,
      'kWh/GB',
      `${SHIFT_1BYTE_SHEET}, 'Network impact'!C7 "Mobile Network" (8.84e-10 kWh/byte; matches no Forecast Model year, kept for fidelity)`,
      'P',
    ),
  } satisfies Record<Connection, Coefficient>,
  /** Only smartphone and laptop exist in the sheet; kWh/yr over hours/yr, expressed in W. */
  deviceWatts: {
    smartphone: coefficient(
      'deviceWattsSmartphone',
      (5.9 * 1000) / (2.5 * DAYS_PER_YEAR),
      'W',
      `${SHIFT_1BYTE_SHEET}, 'Device impact'!F16: 5.9 kWh/yr over 2.5 h/day x 365.25 d`,
      'P',
    ),
    laptop: coefficient(
      'deviceWattsLaptop',
      (56 * 1000) / (8 * DAYS_PER_YEAR),
      'W',
      `${SHIFT_1BYTE_SHEET}, 'Device impact'!F17: 56 kWh/yr over 8 h/day x 365.25 d`,
      'P',
    ),
  },
  /** Devices the sheet lacks: Carbon Trust values (tablet: our 5 W); results are "1byte-extended". */
  deviceWattsFallback: {
    tablet: TABLET_FALLBACK_WATTS,
    desktop: coefficient(
      'deviceWattsDesktop',
      115,
      'W',
      'not in 1byte; Carbon Trust 2021 Table 10 (desktop including monitor) used instead',
      'R',
    ),
    tv: coefficient(
      'deviceWattsTv',
      100,
      'W',
      'not in 1byte; Carbon Trust 2021 Table 10 (50-inch TV) used instead',
      'R',
    ),
  },
  /** The sheet's data-centre figure is total DC electricity over traffic, overheads included. */
  dataCentreIncludesFacilityOverhead: true,
} as const;

// --- Carbon Trust 2021, conventional allocation approach (docs/FOOTPRINT-MODELS.md#carbon-trust-2021)

const CARBON_TRUST = 'Carbon Trust, Carbon impact of video streaming, June 2021';

export const CARBON_TRUST_2021 = {
  dataCentreKwhPerHour: coefficient(
    'dataCentreKwhPerHour',
    0.0013,
    'kWh/h',
    `${CARBON_TRUST}, Table 3 p.43 (data centres + CDN, 1.3 Wh per viewing hour)`,
    'R',
  ),
  networkKwhPerGb: {
    'fixed-wired': coefficient(
      'networkKwhPerGbFixed',
      0.0065,
      'kWh/GB',
      `${CARBON_TRUST}, Table 3 p.43 (core + fixed access)`,
      'R',
    ),
    wifi: coefficient(
      'networkKwhPerGbFixed',
      0.0065,
      'kWh/GB',
      `${CARBON_TRUST}, Table 3 p.43 (core + fixed access; Wi-Fi behind the router treated as fixed)`,
      'R',
    ),
    mobile: coefficient(
      'networkKwhPerGbMobile',
      0.1,
      'kWh/GB',
      `${CARBON_TRUST}, Table 3 p.43 (core + cellular access)`,
      'R',
    ),
  } satisfies Record<Connection, Coefficient>,
  homeRouterKwhPerGb: coefficient(
    'homeRouterKwhPerGb',
    0.025,
    'kWh/GB',
    `${CARBON_TRUST}, Table 3 as reproduced in github.com/davidmytton/paper-network-energy (fixed broadband only)`,
    'R',
  ),
  deviceWatts: {
    tv: coefficient('deviceWattsTv', 100, 'W', `${CARBON_TRUST}, Table 10 (50-inch TV)`, 'R'),
    laptop: coefficient('deviceWattsLaptop', 22, 'W', `${CARBON_TRUST}, Table 10`, 'R'),
    desktop: coefficient(
      'deviceWattsDesktop',
      115,
      'W',
      `${CARBON_TRUST}, Table 10 (including monitor)`,
      'R',
    ),
    smartphone: coefficient(
      'deviceWattsSmartphone',
      1.1,
      'W',
      `derived from ${CARBON_TRUST}: "50-inch TV = 90 x smartphone" (100 W / 90)`,
      'D',
    ),
  },
  deviceWattsFallback: {
    tablet: TABLET_FALLBACK_WATTS,
  },
  /** Europe viewing-mix averages (Table 4 p.52); used to reproduce the paper's European hour. */
  screenWattsEuropeMix: coefficient('screenWattsEuropeMix', 86, 'W', `${CARBON_TRUST}, Table 4 p.52`, 'R'),
  peripheralWattsEuropeAverage: coefficient(
    'peripheralWattsEuropeAverage',
    10,
    'W',
    `${CARBON_TRUST}, Table 4 p.52 (set-top box, console as player, ...)`,
    'R',
  ),
  /** 1.3 Wh/h allocates whole data-centre/CDN energy to the viewing hour, overheads included. */
  dataCentreIncludesFacilityOverhead: true,
} as const;

// --- IEA 2020 (Kamiya), device-scaled variant (docs/FOOTPRINT-MODELS.md#iea-2020)

const IEA = 'IEA commentary (G. Kamiya), The carbon footprint of streaming video, updated Dec 2020';

const IEA_KWH_PER_HOUR = 0.077;
const IEA_DEVICE_SHARE = 0.72;
const IEA_TRANSMISSION_SHARE = 0.23;
const IEA_DATA_CENTRE_SHARE = 0.05;
/** Device-mix weights and device/smartphone power ratios behind the average hour. */
const IEA_MIX = { tv: 0.7, laptop: 0.15, tablet: 0.1, smartphone: 0.05 } as const;
const IEA_RATIO_TO_SMARTPHONE = { tv: 100, laptop: 20, tablet: 5, smartphone: 1 } as const;
const IEA_DEVICE_WH_PER_HOUR = IEA_DEVICE_SHARE * IEA_KWH_PER_HOUR * 1000; // 55.44 Wh
const IEA_SMARTPHONE_WATTS =
  IEA_DEVICE_WH_PER_HOUR /
  (IEA_MIX.tv * IEA_RATIO_TO_SMARTPHONE.tv +
    IEA_MIX.laptop * IEA_RATIO_TO_SMARTPHONE.laptop +
    IEA_MIX.tablet * IEA_RATIO_TO_SMARTPHONE.tablet +
    IEA_MIX.smartphone * IEA_RATIO_TO_SMARTPHONE.smartphone);

/**
 * Green hosting (co2.js, Sustainable Web Design v4): a renewable-powered data centre's electricity
 * valued at this intensity instead of the grid's; a share of it (greenHostingFactor) in proportion.
 */
export const GREEN_HOSTING = {
  renewableGramsCo2PerKwh: coefficient(
    'renewableGramsCo2PerKwh',
    50,
    'gCO2e/kWh',
    'co2.js RENEWABLES_GRID_INTENSITY (Sustainable Web Design v4), applied to the green-hosting share of the data centre',
    'P',
  ),
} as const;

export const IEA_2020 = {
  kwhPerHour: coefficient('kwhPerHour', IEA_KWH_PER_HOUR, 'kWh/h', `${IEA} (2019 average hour)`, 'R'),
  dataCentreKwhPerHour: coefficient(
    'dataCentreKwhPerHour',
    IEA_DATA_CENTRE_SHARE * IEA_KWH_PER_HOUR,
    'kWh/h',
    `5 % data-centre share x 0.077 kWh/h, ${IEA}`,
    'D',
  ),
  networkKwhPerHour: coefficient(
    'networkKwhPerHour',
    IEA_TRANSMISSION_SHARE * IEA_KWH_PER_HOUR,
    'kWh/h',
    `23 % data-transmission share x 0.077 kWh/h, ${IEA}`,
    'D',
  ),
  averageDeviceWatts: coefficient(
    'averageDeviceWatts',
    IEA_DEVICE_WH_PER_HOUR,
    'W',
    `72 % device share x 0.077 kWh/h, ${IEA}`,
    'D',
  ),
  deviceMixShare: {
    tv: coefficient('deviceMixShareTv', IEA_MIX.tv, 'fraction', `${IEA} (Netflix viewing mix)`, 'R'),
    laptop: coefficient('deviceMixShareLaptop', IEA_MIX.laptop, 'fraction', `${IEA}`, 'R'),
    tablet: coefficient('deviceMixShareTablet', IEA_MIX.tablet, 'fraction', `${IEA}`, 'R'),
    smartphone: coefficient('deviceMixShareSmartphone', IEA_MIX.smartphone, 'fraction', `${IEA}`, 'R'),
  },
  /** Solved from the mix with TV = 100, laptop = 20, tablet = 5 (our assumption) x smartphone. */
  deviceWatts: {
    smartphone: coefficient(
      'deviceWattsSmartphone',
      IEA_SMARTPHONE_WATTS,
      'W',
      `derived: 55.44 Wh device hour over the ${IEA} mix with TV = 100 x, laptop = 20 x, tablet = 5 x smartphone`,
      'D',
    ),
    tablet: coefficient(
      'deviceWattsTablet',
      IEA_RATIO_TO_SMARTPHONE.tablet * IEA_SMARTPHONE_WATTS,
      'W',
      'derived: 5 x IEA-derived smartphone (the 5 x ratio is our assumption)',
      'D',
    ),
    laptop: coefficient(
      'deviceWattsLaptop',
      IEA_RATIO_TO_SMARTPHONE.laptop * IEA_SMARTPHONE_WATTS,
      'W',
      `derived: 20 x IEA-derived smartphone (${IEA}: TV = 5 x laptop)`,
      'D',
    ),
    tv: coefficient(
      'deviceWattsTv',
      IEA_RATIO_TO_SMARTPHONE.tv * IEA_SMARTPHONE_WATTS,
      'W',
      `derived: 100 x IEA-derived smartphone (${IEA}: 50-inch TV = 100 x smartphone)`,
      'D',
    ),
  },
  deviceWattsFallback: {
    desktop: coefficient(
      'deviceWattsDesktop',
      115,
      'W',
      'not in the IEA mix; Carbon Trust 2021 Table 10 (desktop including monitor) used instead',
      'R',
    ),
  },
  /** Shares of total electricity, from IEA data-centre energy totals (facility overheads included). */
  dataCentreIncludesFacilityOverhead: true,
} as const;

// --- Sustainable Web Design v4, as in co2.js 0.19.0 (docs/FOOTPRINT-MODELS.md#swd-v4)

const SWD_V4_SOURCE = 'Sustainable Web Design v4; co2.js 0.19.0 constants SWDV4';

export const SWD_V4 = {
  operationalKwhPerGb: {
    dataCentre: coefficient(
      'dataCentreOperationalKwhPerGb',
      0.055,
      'kWh/GB',
      `${SWD_V4_SOURCE}.OPERATIONAL_KWH_PER_GB_DATACENTER`,
      'P',
    ),
    network: coefficient(
      'networkOperationalKwhPerGb',
      0.059,
      'kWh/GB',
      `${SWD_V4_SOURCE}.OPERATIONAL_KWH_PER_GB_NETWORK`,
      'P',
    ),
    device: coefficient(
      'deviceOperationalKwhPerGb',
      0.08,
      'kWh/GB',
      `${SWD_V4_SOURCE}.OPERATIONAL_KWH_PER_GB_DEVICE`,
      'P',
    ),
  },
  embodiedKwhPerGb: {
    dataCentre: coefficient(
      'dataCentreEmbodiedKwhPerGb',
      0.012,
      'kWh/GB',
      `${SWD_V4_SOURCE}.EMBODIED_KWH_PER_GB_DATACENTER`,
      'P',
    ),
    network: coefficient(
      'networkEmbodiedKwhPerGb',
      0.013,
      'kWh/GB',
      `${SWD_V4_SOURCE}.EMBODIED_KWH_PER_GB_NETWORK`,
      'P',
    ),
    device: coefficient(
      'deviceEmbodiedKwhPerGb',
      0.081,
      'kWh/GB',
      `${SWD_V4_SOURCE}.EMBODIED_KWH_PER_GB_DEVICE`,
      'P',
    ),
  },
  /** Embodied energy always takes this fixed global intensity, never a live one. */
  embodiedGramsCo2PerKwh: coefficient(
    'embodiedGramsCo2PerKwh',
    494,
    'gCO2e/kWh',
    `${SWD_V4_SOURCE}.GLOBAL_GRID_INTENSITY (Ember 2022 world)`,
    'P',
  ),
  /** 0.055 kWh/GB comes from IEA 2022 total data-centre electricity, overheads included. */
  dataCentreIncludesFacilityOverhead: true,
} as const;
