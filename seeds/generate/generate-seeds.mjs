#!/usr/bin/env node
/**
 * GreenStream seed-data generator.
 *
 * Usage (from anywhere; paths resolve from the repository root):
 *
 *   node seeds/generate/generate-seeds.mjs [--reference DIR] [--out DIR]
 *
 *   --reference DIR  folder holding the reference CSVs (default: seeds/reference, relative to the repo root)
 *   --out DIR        output folder (default: seeds/data)
 *   --verbose        list every warning (default: a count and three examples per category)
 *
 * Writes, as pretty-printed JSON (2-space indentation, trailing newline, deterministic order):
 *
 *   providers.json        AWS / GCP / Azure: PUE and default internet egress price
 *   regions.json          every row of cloud-regions.csv, plus the per-region egress price if one exists
 *   countries.json        every world-countries entry, with a default Electricity Maps zone
 *   country-borders.json  land borders (world-countries) + hand-curated sea neighbours (sea-neighbours.json)
 *   region-links.json     measured inter-region RTTs (2022)
 *
 * Sources and licences (details: docs/DATA-SOURCES.md):
 *
 *   - cloud-regions.csv, cloud-region-prices.csv, inter-region-rtt-measured-2022.csv and their notes
 *     (docs/CATALOGUE-DATA.md#the-input-files). Region lists: AWS SDK partition metadata (Apache-2.0), Microsoft Learn regions
 *     list (facts; docs CC BY 4.0), gcloud region list via google-cloud-pricing-cost-calculator
 *     (Apache-2.0). Zone keys: Electricity Maps data-centre mapping (facts only; repo AGPL-3.0).
 *   - Electricity Maps yearly zone averages 2025 (lifecycle), as republished in @tgwf/co2 (CO2.js, code
 *     Apache-2.0). The data is ODbL 1.0: attribute "Electricity Maps"; a published derived database must
 *     stay ODbL. Used here for the set of zone keys (default zone of a country) and to cross-check the
 *     catalogue's grid_gco2_per_kwh column.
 *   - world-countries 5.1.0 (https://github.com/mledoze/countries), ODbL 1.0: attribute mledoze/countries;
 *     countries.json and the derived adjacency table (country-borders.json) stay ODbL.
 *   - Prices: AWS internet egress first tier (2023-04) from Skyplane's aws_transfer_costs.csv
 *     (Apache-2.0); GCP Premium Tier internet egress first TiB (2026-07) from the
 *     google-cloud-pricing-cost-calculator pricing.yml (Apache-2.0). The prices themselves are the
 *     providers' public list prices. Azure has no per-region figure (billing-zone pricing).
 *   - Measured RTTs: derived from Skyplane profiles/latency.csv (https://github.com/skyplane-project/skyplane),
 *     copyright the Skyplane authors, Apache-2.0; the licence notice must accompany redistributions.
 *   - PUE: provider sustainability publications (see PROVIDERS below).
 *
 * Default Electricity Maps zone of a country (countries.json `defaultZone`), first rule that applies:
 *   (a) the country's cca2 code itself, if it is a zone key in the Electricity Maps 2025 yearly data;
 *   (b) otherwise the most common em_zone among the catalogue's regions in that country
 *       (ties broken alphabetically);
 *   (c) otherwise the alphabetically first Electricity Maps zone key starting with `<cca2>-`;
 *   (d) otherwise null.
 *
 * Exits with status 1 on any validation failure; warnings (data drift that does not break referential
 * integrity) are printed but do not fail the run.
 */

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import worldCountries from 'world-countries';
import { electricityMaps } from '@tgwf/co2/data';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// Constants

/** Electricity Maps yearly data set used for zone keys (and the catalogue's fallback intensity). */
const EM_YEAR = 2025;

/** Expected catalogue shape (docs/CATALOGUE-DATA.md#region-catalogue). Update deliberately when the catalogue changes. */
const EXPECTED_REGIONS_PER_PROVIDER = { aws: 36, azure: 57, gcp: 43 };
const EXPECTED_REGIONS_PER_ACCESS = { general: 109, 'opt-in': 19, restricted: 8 };
const ACCESS_CLASSES = new Set(Object.keys(EXPECTED_REGIONS_PER_ACCESS));

/** Sea pairs the neighbour rule must contain (docs/CATALOGUE-DATA.md#country-neighbours). */
const REQUIRED_SEA_PAIRS = [
  ['GB', 'FR'],
  ['GB', 'BE'],
  ['GB', 'NL'],
  ['DK', 'SE'],
  ['DK', 'NO'],
  ['EE', 'FI'],
  ['JP', 'KR'],
  ['SG', 'MY'],
  ['SG', 'ID'],
  ['BH', 'SA'],
  ['BH', 'QA'],
  ['AU', 'NZ'],
  ['IT', 'MT'],
];

const SKYPLANE_PRICES = 'Skyplane aws_transfer_costs.csv, Apache-2.0';
const GCP_CALCULATOR = 'google-cloud-pricing-cost-calculator pricing.yml, Apache-2.0';

/** Per-region egress indicators in cloud-region-prices.csv, by provider. */
const EGRESS_INDICATORS = {
  aws: {
    indicator: 'internet_egress_first_tier',
    source: (asOf) => `AWS internet egress first tier, ${asOf} (${SKYPLANE_PRICES})`,
  },
  gcp: {
    indicator: 'internet_egress_premium_first_tier',
    source: (asOf) => `GCP Premium Tier internet egress first TiB, ${asOf} (${GCP_CALCULATOR})`,
  },
};

/**
 * Provider constants. PUE: docs/CATALOGUE-DATA.md#pue. Default egress: used for regions without a per-region
 * price. GCP's default is computed below (median of the per-region figures).
 */
const PROVIDERS = [
  {
    id: 'aws',
    name: 'Amazon Web Services',
    pue: 1.14,
    pueSource:
      'AWS global PUE reported for 2025 (1.15 in 2023 and 2024): Amazon sustainability report, ' +
      'https://sustainability.aboutamazon.com/ and https://aws.amazon.com/sustainability/data-centers/',
    defaultEgressUsdPerGb: 0.09,
    defaultEgressSource:
      'Provider default for AWS regions without a per-region figure: $0.09/GB is the internet egress first-tier ' +
      'rate of every US, Canada and Europe region, 2023-04 list price (' +
      SKYPLANE_PRICES +
      ')',
  },
  {
    id: 'azure',
    name: 'Microsoft Azure',
    pue: 1.18,
    pueSource:
      'Microsoft portfolio-wide average PUE cited in 2024 (newest designs ~1.12): ' +
      'https://datacenters.microsoft.com/sustainability/efficiency/',
    defaultEgressUsdPerGb: 0.087,
    defaultEgressSource:
      'Provider default for all Azure regions: Azure internet egress Zone 1 (North America, Europe) first tier, ' +
      'Microsoft premium-network routing, list price; within the $0.08-0.09/GB range of docs/CATALOGUE-DATA.md#egress-prices. ' +
      'Azure prices egress by billing zone, not by region, so no per-region table is included ' +
      '(Zone 2/3 regions are more expensive; refresh from the Azure Retail Prices API)',
  },
  {
    id: 'gcp',
    name: 'Google Cloud',
    pue: 1.09,
    pueSource:
      'Google fleet-wide annual average PUE for 2024 (1.10 in 2023): Google 2025 Environmental Report, ' +
      'https://www.google.com/about/datacenters/efficiency/',
    defaultEgressUsdPerGb: undefined, // computed: median of the GCP per-region figures
    defaultEgressSource: undefined,
  },
];

const BORDER_LAND_SOURCE = `world-countries ${require('world-countries/package.json').version} (ODbL 1.0)`;
const BORDER_SEA_SOURCE = 'GreenStream sea-neighbour list (seeds/generate/sea-neighbours.json)';
const LINK_SOURCE = 'measured-2022';

// ---------------------------------------------------------------------------------------------------------
// Helpers

const errors = [];
const warnings = [];
const fail = (message) => errors.push(message);
/** Warnings are grouped by category; the summary shows a few examples per category unless --verbose. */
const warn = (message, category = 'data') => warnings.push({ category, message });

function parseArgs(argv) {
  const options = { reference: 'seeds/reference', out: 'seeds/data', verbose: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (flag === '--verbose' || flag === '-v') {
      options.verbose = true;
      continue;
    }
    if (flag !== '--reference' && flag !== '--out') {
      if (flag === '--help' || flag === '-h') {
        console.log(
          'Usage: node seeds/generate/generate-seeds.mjs [--reference DIR] [--out DIR] [--verbose]',
        );
        process.exit(0);
      }
      throw new Error(`Unknown argument: ${arg}`);
    }
    const value = inline ?? argv[(i += 1)];
    if (!value) throw new Error(`${flag} needs a directory`);
    options[flag.slice(2)] = value;
  }
  return {
    reference: resolve(REPO_ROOT, options.reference),
    out: resolve(REPO_ROOT, options.out),
    verbose: options.verbose,
  };
}

/**
 * Minimal RFC 4180 CSV parser: comma separator, optional double-quoted fields (with "" escapes, and
 * commas or newlines inside quotes), LF or CRLF line ends. Returns an array of objects keyed by header.
 */
function parseCsv(text, fileName) {
  const records = [];
  let record = [];
  let field = '';
  let inQuotes = false;
  let fieldWasQuoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endField = () => {
    record.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i];
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== '' || fieldWasQuoted)
        throw new Error(`${fileName}: stray quote in record ${records.length + 1}`);
      inQuotes = true;
      fieldWasQuoted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      field += ch;
    }
  }
  if (inQuotes) throw new Error(`${fileName}: unterminated quoted field`);
  if (field !== '' || fieldWasQuoted || record.length > 0) endRecord();

  const [header, ...rows] = records;
  if (!header) throw new Error(`${fileName}: empty file`);
  return rows.map((values, index) => {
    if (values.length !== header.length) {
      throw new Error(
        `${fileName}: line ${index + 2} has ${values.length} fields, header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((name, column) => [name, values[column]]));
  });
}

function readCsv(directory, fileName, requiredColumns) {
  const path = join(directory, fileName);
  if (!existsSync(path)) throw new Error(`Reference file not found: ${path}`);
  const rows = parseCsv(readFileSync(path, 'utf8'), fileName);
  const missing = requiredColumns.filter((column) => rows.length > 0 && !(column in rows[0]));
  if (missing.length > 0) throw new Error(`${fileName}: missing columns ${missing.join(', ')}`);
  return rows;
}

function toNumber(value, what) {
  const trimmed = String(value ?? '').trim();
  const number = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(number)) fail(`${what}: not a number (${JSON.stringify(value)})`);
  return number;
}

const compare = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
const byKeys =
  (...keys) =>
  (x, y) => {
    for (const key of keys) {
      const order = compare(x[key], y[key]);
      if (order !== 0) return order;
    }
    return 0;
  };

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[item[key]] = (counts[item[key]] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([x], [y]) => compare(x, y)));
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function expectCounts(what, actual, expected) {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  for (const key of keys) {
    if ((actual[key] ?? 0) !== (expected[key] ?? 0)) {
      fail(`${what}: expected ${expected[key] ?? 0} for "${key}", found ${actual[key] ?? 0}`);
    }
  }
}

const pairKey = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);

// ---------------------------------------------------------------------------------------------------------
// Build

function buildRegions(referenceDir, emZones, countryCodes) {
  const rows = readCsv(referenceDir, 'cloud-regions.csv', [
    'provider',
    'region_code',
    'display_name',
    'city',
    'country_iso2',
    'latitude',
    'longitude',
    'em_zone',
    'grid_gco2_per_kwh',
    'source_of_intensity',
    'pue',
    'access',
  ]);
  const priceRows = readCsv(referenceDir, 'cloud-region-prices.csv', [
    'provider',
    'region_code',
    'indicator',
    'usd',
    'as_of',
  ]);
  const providerIds = new Set(PROVIDERS.map((provider) => provider.id));

  const regions = rows.map((row, index) => {
    const where = `cloud-regions.csv line ${index + 2} (${row.provider}:${row.region_code})`;
    if (!providerIds.has(row.provider)) fail(`${where}: unknown provider "${row.provider}"`);
    if (!ACCESS_CLASSES.has(row.access)) fail(`${where}: unknown access class "${row.access}"`);
    if (!countryCodes.has(row.country_iso2))
      fail(`${where}: country "${row.country_iso2}" not in world-countries`);
    if (!emZones.has(row.em_zone))
      fail(`${where}: zone "${row.em_zone}" not in Electricity Maps ${EM_YEAR} data`);
    for (const column of ['region_code', 'display_name', 'city', 'em_zone', 'source_of_intensity']) {
      if (!row[column]?.trim()) fail(`${where}: empty ${column}`);
    }
    const latitude = toNumber(row.latitude, `${where} latitude`);
    const longitude = toNumber(row.longitude, `${where} longitude`);
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) fail(`${where}: coordinates out of range`);
    return {
      id: `${row.provider}:${row.region_code}`,
      provider: row.provider,
      code: row.region_code,
      displayName: row.display_name,
      city: row.city,
      countryCode: row.country_iso2,
      latitude,
      longitude,
      zone: row.em_zone,
      referenceIntensityGPerKwh: toNumber(row.grid_gco2_per_kwh, `${where} grid_gco2_per_kwh`),
      referenceIntensitySource: row.source_of_intensity,
      pue: toNumber(row.pue, `${where} pue`),
      access: row.access,
      egressUsdPerGb: null,
      egressPriceSource: null,
    };
  });

  const byId = new Map();
  for (const region of regions) {
    if (byId.has(region.id)) fail(`regions: duplicate id ${region.id}`);
    byId.set(region.id, region);
  }

  // Per-region egress prices.
  const seenPrices = new Set();
  for (const [index, row] of priceRows.entries()) {
    const id = `${row.provider}:${row.region_code}`;
    const where = `cloud-region-prices.csv line ${index + 2} (${id}, ${row.indicator})`;
    const key = `${id}|${row.indicator}`;
    if (seenPrices.has(key)) fail(`${where}: duplicate indicator row`);
    seenPrices.add(key);
    const region = byId.get(id);
    if (!region) {
      fail(`${where}: region not in cloud-regions.csv`);
      continue;
    }
    const value = toNumber(row.usd, `${where} usd`);
    const egress = EGRESS_INDICATORS[row.provider];
    if (egress && row.indicator === egress.indicator) {
      if (!(value > 0)) fail(`${where}: egress price must be positive`);
      region.egressUsdPerGb = value;
      region.egressPriceSource = egress.source(row.as_of);
    }
  }

  // Drift checks against the provider constants and the Electricity Maps yearly data.
  const providerPue = new Map(PROVIDERS.map((provider) => [provider.id, provider.pue]));
  for (const region of regions) {
    if (region.pue !== providerPue.get(region.provider)) {
      warn(
        `${region.id}: row PUE ${region.pue} differs from provider PUE ${providerPue.get(region.provider)}`,
        'region PUE differs from provider PUE',
      );
    }
    const emValue = emZones.get(region.zone);
    if (emValue !== undefined && emValue !== region.referenceIntensityGPerKwh) {
      warn(
        `${region.id}: grid_gco2_per_kwh ${region.referenceIntensityGPerKwh} differs from Electricity Maps ` +
          `${EM_YEAR} value ${emValue} for ${region.zone}`,
        `reference intensity differs from Electricity Maps ${EM_YEAR}`,
      );
    }
  }

  expectCounts('regions per provider', countBy(regions, 'provider'), EXPECTED_REGIONS_PER_PROVIDER);
  expectCounts('regions per access class', countBy(regions, 'access'), EXPECTED_REGIONS_PER_ACCESS);

  return regions.sort(byKeys('id'));
}

function buildProviders(regions) {
  const gcpEgress = regions
    .filter((region) => region.provider === 'gcp' && region.egressUsdPerGb !== null)
    .map((region) => region.egressUsdPerGb);
  if (gcpEgress.length === 0) fail('providers: no GCP egress figures to compute the default from');
  const gcpMedian = median(gcpEgress);
  const gcpAsOf = regions.find(
    (region) => region.provider === 'gcp' && region.egressPriceSource,
  )?.egressPriceSource;
  const asOf = gcpAsOf?.match(/first TiB, ([^ ]+) /)?.[1] ?? 'unknown date';

  const providers = PROVIDERS.map((provider) =>
    provider.id === 'gcp'
      ? {
          ...provider,
          defaultEgressUsdPerGb: gcpMedian,
          defaultEgressSource:
            `Provider default for GCP regions without a per-region figure (currently none): median of the ` +
            `${gcpEgress.length} per-region Premium Tier internet egress first-TiB prices, ${asOf} (${GCP_CALCULATOR})`,
        }
      : { ...provider },
  );
  return providers.sort(byKeys('id'));
}

/** Returns [countries, ruleCounts]. */
function buildCountries(regions, emZones) {
  const zoneKeys = [...emZones.keys()].sort(compare);
  const regionZonesByCountry = new Map();
  for (const region of regions) {
    const zones = regionZonesByCountry.get(region.countryCode) ?? new Map();
    zones.set(region.zone, (zones.get(region.zone) ?? 0) + 1);
    regionZonesByCountry.set(region.countryCode, zones);
  }

  const ruleCounts = { a: 0, b: 0, c: 0, none: 0 };
  const ruleMembers = { a: [], b: [], c: [], none: [] };
  const countries = worldCountries.map((entry) => {
    const code = entry.cca2;
    let defaultZone = null;
    let rule = 'none';
    if (emZones.has(code)) {
      defaultZone = code;
      rule = 'a';
    } else if (regionZonesByCountry.has(code)) {
      // Most common zone among the country's regions; ties broken alphabetically.
      const [best] = [...regionZonesByCountry.get(code).entries()].sort(
        ([zoneX, countX], [zoneY, countY]) => countY - countX || compare(zoneX, zoneY),
      );
      defaultZone = best[0];
      rule = 'b';
    } else {
      const prefixed = zoneKeys.find((zone) => zone.startsWith(`${code}-`));
      if (prefixed) {
        defaultZone = prefixed;
        rule = 'c';
      }
    }
    ruleCounts[rule] += 1;
    ruleMembers[rule].push(defaultZone ? `${code}=${defaultZone}` : code);
    if (!Array.isArray(entry.latlng) || entry.latlng.length !== 2) fail(`countries: ${code} has no latlng`);
    return {
      code,
      alpha3: entry.cca3,
      name: entry.name.common,
      latitude: entry.latlng?.[0],
      longitude: entry.latlng?.[1],
      defaultZone,
    };
  });

  const codes = new Set();
  const alpha3s = new Set();
  for (const country of countries) {
    if (!/^[A-Z]{2}$/.test(country.code)) fail(`countries: bad cca2 "${country.code}"`);
    if (codes.has(country.code)) fail(`countries: duplicate cca2 ${country.code}`);
    if (alpha3s.has(country.alpha3)) fail(`countries: duplicate cca3 ${country.alpha3}`);
    codes.add(country.code);
    alpha3s.add(country.alpha3);
  }
  for (const members of Object.values(ruleMembers)) members.sort(compare);
  return [countries.sort(byKeys('code')), ruleCounts, ruleMembers];
}

/** Returns [borders, asymmetries, seaStats]. */
function buildBorders(countryCodes) {
  const byAlpha3 = new Map(worldCountries.map((entry) => [entry.cca3, entry]));
  const pairs = new Map();
  const asymmetries = [];

  for (const entry of worldCountries) {
    for (const neighbourAlpha3 of entry.borders ?? []) {
      const neighbour = byAlpha3.get(neighbourAlpha3);
      if (!neighbour) {
        fail(`world-countries: ${entry.cca3} lists unknown border ${neighbourAlpha3}`);
        continue;
      }
      if (neighbour.cca2 === entry.cca2) {
        fail(`world-countries: ${entry.cca3} borders itself`);
        continue;
      }
      if (!(neighbour.borders ?? []).includes(entry.cca3)) {
        asymmetries.push(
          `${entry.cca3} lists ${neighbour.cca3}, but ${neighbour.cca3} does not list ${entry.cca3}`,
        );
      }
      const [a, b] = [entry.cca2, neighbour.cca2].sort(compare);
      pairs.set(pairKey(a, b), { a, b, kind: 'land', source: BORDER_LAND_SOURCE });
    }
  }
  const landCount = pairs.size;

  const seaFile = join(dirname(fileURLToPath(import.meta.url)), 'sea-neighbours.json');
  const seaList = JSON.parse(readFileSync(seaFile, 'utf8'));
  if (!Array.isArray(seaList)) throw new Error('sea-neighbours.json must be an array');
  const seenSea = new Set();
  const alreadyLand = [];
  let seaAdded = 0;
  for (const [index, item] of seaList.entries()) {
    const where = `sea-neighbours.json entry ${index} (${item?.a}-${item?.b})`;
    if (!item || typeof item.a !== 'string' || typeof item.b !== 'string') {
      fail(`${where}: needs string "a" and "b"`);
      continue;
    }
    if (typeof item.reason !== 'string' || item.reason.trim() === '') fail(`${where}: missing reason`);
    if (item.a === item.b) fail(`${where}: a country cannot neighbour itself`);
    for (const code of [item.a, item.b]) {
      if (!countryCodes.has(code)) fail(`${where}: unknown country ${code}`);
    }
    const key = pairKey(item.a, item.b);
    if (seenSea.has(key)) fail(`${where}: duplicate pair`);
    seenSea.add(key);
    if (pairs.has(key)) {
      alreadyLand.push(`${item.a}-${item.b}`); // land wins
      continue;
    }
    const [a, b] = [item.a, item.b].sort(compare);
    pairs.set(key, { a, b, kind: 'sea', source: BORDER_SEA_SOURCE });
    seaAdded += 1;
  }
  for (const [x, y] of REQUIRED_SEA_PAIRS) {
    if (!seenSea.has(pairKey(x, y))) fail(`sea-neighbours.json: required pair ${x}-${y} missing`);
  }

  const borders = [...pairs.values()].sort(byKeys('a', 'b'));
  return [borders, asymmetries, { landCount, seaListed: seaList.length, seaAdded, alreadyLand }];
}

/** Great-circle distance in km (haversine, mean Earth radius). */
function greatCircleKm(p, q) {
  const rad = Math.PI / 180;
  const dLat = (q.latitude - p.latitude) * rad;
  const dLon = (q.longitude - p.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(p.latitude * rad) * Math.cos(q.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Light in fibre: ~200,000 km/s, i.e. at least 1 ms of round trip per 100 km of great-circle distance. */
const FIBRE_KM_PER_MS_RTT = 100;
/** Tolerance between the CSV's distance and the one recomputed from the catalogue coordinates. */
const DISTANCE_TOLERANCE_KM = 5;

function buildLinks(referenceDir, regionsById) {
  const rows = readCsv(referenceDir, 'inter-region-rtt-measured-2022.csv', [
    'provider_a',
    'region_a',
    'provider_b',
    'region_b',
    'great_circle_km',
    'rtt_ms_median',
    'rtt_ms_min',
  ]);
  const seen = new Set();
  const missingIds = new Set();
  const links = [];
  for (const [index, row] of rows.entries()) {
    let a = `${row.provider_a}:${row.region_a}`;
    let b = `${row.provider_b}:${row.region_b}`;
    const where = `inter-region-rtt-measured-2022.csv line ${index + 2} (${a} - ${b})`;
    for (const id of [a, b]) {
      if (!regionsById.has(id)) {
        missingIds.add(id);
        fail(`${where}: region ${id} not in regions.json`);
      }
    }
    if (a === b) fail(`${where}: self link`);
    if (b < a) [a, b] = [b, a];
    const key = `${a}|${b}`;
    if (seen.has(key)) fail(`${where}: duplicate pair`);
    seen.add(key);
    const rttMs = toNumber(row.rtt_ms_median, `${where} rtt_ms_median`);
    const rttMinMs = toNumber(row.rtt_ms_min, `${where} rtt_ms_min`);
    const distanceKm = toNumber(row.great_circle_km, `${where} great_circle_km`);
    if (!(rttMs > 0) || !(rttMinMs > 0)) fail(`${where}: RTT must be positive`);
    if (rttMinMs > rttMs) fail(`${where}: rtt_ms_min ${rttMinMs} > rtt_ms_median ${rttMs}`);
    if (!(distanceKm >= 0)) fail(`${where}: negative distance`);
    // Plausibility (warnings only: the values are kept as measured).
    const regionA = regionsById.get(a);
    const regionB = regionsById.get(b);
    if (regionA && regionB) {
      const computed = greatCircleKm(regionA, regionB);
      if (Math.abs(computed - distanceKm) > DISTANCE_TOLERANCE_KM) {
        warn(
          `${where}: great_circle_km ${distanceKm} but catalogue coordinates give ${computed.toFixed(0)} km`,
          'link distance differs from catalogue coordinates',
        );
      }
    }
    const physicalMinimum = distanceKm / FIBRE_KM_PER_MS_RTT;
    if (rttMinMs < physicalMinimum) {
      warn(
        `${where}: rtt_ms_min ${rttMinMs}${rttMs < physicalMinimum ? ` (and median ${rttMs})` : ''} is below ` +
          `the light-in-fibre minimum ${physicalMinimum.toFixed(1)} ms for ${distanceKm} km`,
        rttMs < physicalMinimum
          ? 'measured median RTT below light-in-fibre minimum (kept as measured)'
          : 'measured minimum RTT below light-in-fibre minimum (kept as measured)',
      );
    }
    links.push({ a, b, distanceKm, rttMs, rttMinMs, source: LINK_SOURCE });
  }
  const nodes = new Set(links.flatMap((link) => [link.a, link.b]));
  return [links.sort(byKeys('a', 'b')), { nodes: nodes.size, missingIds: [...missingIds].sort() }];
}

// ---------------------------------------------------------------------------------------------------------
// Main

function writeJson(directory, fileName, value) {
  writeFileSync(join(directory, fileName), `${JSON.stringify(value, null, 2)}\n`);
}

function main() {
  const options = parseArgs(process.argv.slice(2));

  const yearly = electricityMaps?.[`yearly${EM_YEAR}`]?.data;
  if (!yearly || typeof yearly !== 'object') {
    throw new Error(`@tgwf/co2/data: electricityMaps.yearly${EM_YEAR}.data not found`);
  }
  /** zone key -> yearly carbon intensity (gCO2eq/kWh, lifecycle) */
  const emZones = new Map(
    Object.entries(yearly).map(([zone, entry]) => [zone, entry?.carbonIntensity?.value]),
  );
  const countryCodes = new Set(worldCountries.map((entry) => entry.cca2));

  const regions = buildRegions(options.reference, emZones, countryCodes);
  const providers = buildProviders(regions);
  const [countries, ruleCounts, ruleMembers] = buildCountries(regions, emZones);
  const [borders, asymmetries, seaStats] = buildBorders(countryCodes);
  const [links, linkStats] = buildLinks(
    options.reference,
    new Map(regions.map((region) => [region.id, region])),
  );

  if (countries.length !== worldCountries.length) fail('countries: count mismatch');

  const warningsByCategory = new Map();
  for (const { category, message } of warnings) {
    warningsByCategory.set(category, [...(warningsByCategory.get(category) ?? []), message]);
  }
  for (const [category, messages] of warningsByCategory) {
    console.warn(`warning: ${category}: ${messages.length}`);
    const shown = options.verbose ? messages : messages.slice(0, 3);
    for (const message of shown) console.warn(`  - ${message}`);
    if (shown.length < messages.length)
      console.warn(`  ... ${messages.length - shown.length} more (--verbose)`);
  }
  if (errors.length > 0) {
    for (const message of errors) console.error(`error: ${message}`);
    console.error(`\n${errors.length} validation error(s); nothing written.`);
    process.exit(1);
  }

  mkdirSync(options.out, { recursive: true });
  writeJson(options.out, 'providers.json', providers);
  writeJson(options.out, 'regions.json', regions);
  writeJson(options.out, 'countries.json', countries);
  writeJson(options.out, 'country-borders.json', borders);
  writeJson(options.out, 'region-links.json', links);

  const fmt = (counts) =>
    Object.entries(counts)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
  const withEgress = regions.filter((region) => region.egressUsdPerGb !== null);
  const summary = [
    `GreenStream seed data written to ${options.out} (reference: ${options.reference})`,
    `  providers.json        ${providers.length} providers; default egress USD/GB: ${providers
      .map((provider) => `${provider.id} ${provider.defaultEgressUsdPerGb}`)
      .join(', ')}`,
    `  regions.json          ${regions.length} regions (${fmt(countBy(regions, 'provider'))}; ${fmt(
      countBy(regions, 'access'),
    )}); ${new Set(regions.map((region) => region.zone)).size} distinct zones; per-region egress price for ${
      withEgress.length
    } (${fmt(countBy(withEgress, 'provider'))})`,
    `  countries.json        ${countries.length} countries; default zone by rule: (a) cca2 is a zone ${ruleCounts.a}, ` +
      `(b) catalogue regions ${ruleCounts.b}, (c) first "<cca2>-" zone ${ruleCounts.c}, none ${ruleCounts.none}`,
    `                          (b): ${ruleMembers.b.join(' ') || '-'}`,
    `                          (c): ${ruleMembers.c.join(' ') || '-'}`,
    `  country-borders.json  ${borders.length} pairs (land ${seaStats.landCount}, sea ${seaStats.seaAdded}; ` +
      `${seaStats.seaListed} listed in sea-neighbours.json, ${seaStats.alreadyLand.length} already land` +
      `${seaStats.alreadyLand.length ? `: ${seaStats.alreadyLand.join(' ')}` : ''})`,
    `                          world-countries border asymmetries: ${asymmetries.length ? asymmetries.join('; ') : 'none'}`,
    `  region-links.json     ${links.length} measured pairs between ${linkStats.nodes} regions`,
    warnings.length ? `  ${warnings.length} warning(s) (non-fatal), see above` : '  no warnings',
  ];
  console.log(summary.join('\n'));
}

try {
  main();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
