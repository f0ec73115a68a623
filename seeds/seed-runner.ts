import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource, EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../src/platform/database/advisory-locks.js';

/**
 * Seeds the reference data (providers, regions, countries, borders, region links) from the JSON
 * files in seeds/data/, which `npm run seeds:generate` derives from the reference CSVs (docs/CATALOGUE-DATA.md#the-input-files) and
 * world-countries.
 *
 * Idempotent: every write is an upsert on the natural key whose UPDATE fires only when a value
 * differs, so a second run writes no row. Rows an admin created or changed through the API carry
 * `admin_modified_at` (and deleted regions `deleted_at`); the upserts skip them, so seeding never
 * undoes an admin's change.
 */

export interface SeedCounts {
  inserted: number;
  updated: number;
}

export type SeedReport = Record<
  'providers' | 'regions' | 'countries' | 'countryBorders' | 'regionLinks',
  SeedCounts
>;

/** Any fixed 64-bit key; shared with nothing else, so concurrent instances seed one at a time. */
export const SEED_LOCK_KEY = ADVISORY_LOCKS.seeding;

function findDataDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(directory, 'seeds', 'data');
    if (existsSync(join(candidate, 'regions.json'))) return candidate;
    const sibling = join(directory, 'data');
    if (existsSync(join(sibling, 'regions.json'))) return sibling;
    directory = dirname(directory);
  }
  throw new Error('seeds/data/regions.json not found: run `npm run seeds:generate`');
}

async function readJson<T>(directory: string, file: string): Promise<T> {
  return JSON.parse(await readFile(join(directory, file), 'utf8')) as T;
}

interface UpsertResult {
  inserted: boolean;
}

async function upsert(manager: EntityManager, sql: string, rows: unknown[]): Promise<SeedCounts> {
  const result = (await manager.query(sql, [JSON.stringify(rows)])) as UpsertResult[];
  const inserted = result.filter((row) => row.inserted).length;
  return { inserted, updated: result.length - inserted };
}

// `xmax = 0` is true for a freshly inserted row and false for an updated one.
const RETURNING = 'RETURNING (xmax = 0) AS inserted';

const PROVIDERS_SQL = `
  INSERT INTO providers (id, name, pue, pue_source, default_egress_usd_per_gb, default_egress_source)
  SELECT id, name, pue, "pueSource", "defaultEgressUsdPerGb", "defaultEgressSource"
  FROM jsonb_to_recordset($1::jsonb) AS p(id text, name text, pue float8, "pueSource" text,
       "defaultEgressUsdPerGb" float8, "defaultEgressSource" text)
  ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, pue = EXCLUDED.pue, pue_source = EXCLUDED.pue_source,
    default_egress_usd_per_gb = EXCLUDED.default_egress_usd_per_gb,
    default_egress_source = EXCLUDED.default_egress_source, updated_at = now()
  WHERE providers.admin_modified_at IS NULL
    AND (providers.name, providers.pue, providers.pue_source, providers.default_egress_usd_per_gb,
         providers.default_egress_source)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.pue, EXCLUDED.pue_source,
         EXCLUDED.default_egress_usd_per_gb, EXCLUDED.default_egress_source)
  ${RETURNING}`;

const REGION_COLUMNS = [
  'provider_id',
  'code',
  'display_name',
  'city',
  'country_code',
  'latitude',
  'longitude',
  'zone',
  'reference_intensity_g_per_kwh',
  'reference_intensity_source',
  'pue',
  'access',
  'egress_usd_per_gb',
  'egress_price_source',
];

const REGIONS_SQL = `
  INSERT INTO regions (id, ${REGION_COLUMNS.join(', ')})
  SELECT id, provider, code, "displayName", city, "countryCode", latitude, longitude, zone,
         "referenceIntensityGPerKwh", "referenceIntensitySource", pue, access, "egressUsdPerGb",
         "egressPriceSource"
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, provider text, code text, "displayName" text,
       city text, "countryCode" text, latitude float8, longitude float8, zone text,
       "referenceIntensityGPerKwh" float8, "referenceIntensitySource" text, pue float8, access text,
       "egressUsdPerGb" float8, "egressPriceSource" text)
  ON CONFLICT (id) DO UPDATE SET
    ${REGION_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, updated_at = now()
  WHERE regions.admin_modified_at IS NULL AND regions.deleted_at IS NULL
    AND (${REGION_COLUMNS.map((column) => `regions.${column}`).join(', ')})
        IS DISTINCT FROM (${REGION_COLUMNS.map((column) => `EXCLUDED.${column}`).join(', ')})
  ${RETURNING}`;

const COUNTRIES_SQL = `
  INSERT INTO countries (code, alpha3, name, latitude, longitude, default_zone)
  SELECT code, alpha3, name, latitude, longitude, "defaultZone"
  FROM jsonb_to_recordset($1::jsonb) AS c(code text, alpha3 text, name text, latitude float8,
       longitude float8, "defaultZone" text)
  ON CONFLICT (code) DO UPDATE SET
    alpha3 = EXCLUDED.alpha3, name = EXCLUDED.name, latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude, default_zone = EXCLUDED.default_zone
  WHERE (countries.alpha3, countries.name, countries.latitude, countries.longitude, countries.default_zone)
        IS DISTINCT FROM (EXCLUDED.alpha3, EXCLUDED.name, EXCLUDED.latitude, EXCLUDED.longitude,
         EXCLUDED.default_zone)
  ${RETURNING}`;

// Each pair is stored in both directions, so that "neighbours of X" is one indexed lookup.
const BORDERS_SQL = `
  INSERT INTO country_borders (country_code, neighbour_code, kind, source)
  SELECT pair.country_code, pair.neighbour_code, pair.kind, pair.source
  FROM jsonb_to_recordset($1::jsonb) AS b(a text, b text, kind text, source text)
  CROSS JOIN LATERAL (VALUES (b.a, b.b, b.kind, b.source), (b.b, b.a, b.kind, b.source))
       AS pair(country_code, neighbour_code, kind, source)
  ON CONFLICT (country_code, neighbour_code) DO UPDATE SET kind = EXCLUDED.kind, source = EXCLUDED.source
  WHERE (country_borders.kind, country_borders.source) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.source)
  ${RETURNING}`;

const LINKS_SQL = `
  INSERT INTO region_links (region_a_id, region_b_id, distance_km, rtt_ms, rtt_min_ms, source)
  SELECT l.a, l.b, l."distanceKm", l."rttMs", l."rttMinMs", l.source
  FROM jsonb_to_recordset($1::jsonb) AS l(a text, b text, "distanceKm" float8, "rttMs" float8,
       "rttMinMs" float8, source text)
  ON CONFLICT (region_a_id, region_b_id) DO UPDATE SET
    distance_km = EXCLUDED.distance_km, rtt_ms = EXCLUDED.rtt_ms, rtt_min_ms = EXCLUDED.rtt_min_ms,
    source = EXCLUDED.source
  WHERE (region_links.distance_km, region_links.rtt_ms, region_links.rtt_min_ms, region_links.source)
        IS DISTINCT FROM (EXCLUDED.distance_km, EXCLUDED.rtt_ms, EXCLUDED.rtt_min_ms, EXCLUDED.source)
  ${RETURNING}`;

export async function seedReferenceData(
  dataSource: DataSource,
  dataDirectory = findDataDirectory(),
): Promise<SeedReport> {
  const [providers, regions, countries, borders, links] = await Promise.all([
    readJson<unknown[]>(dataDirectory, 'providers.json'),
    readJson<unknown[]>(dataDirectory, 'regions.json'),
    readJson<unknown[]>(dataDirectory, 'countries.json'),
    readJson<unknown[]>(dataDirectory, 'country-borders.json'),
    readJson<unknown[]>(dataDirectory, 'region-links.json'),
  ]);
  return dataSource.transaction(async (manager) => {
    // Transaction-scoped lock: a second instance starting at the same time waits, then finds
    // nothing left to write.
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const providerCounts = await upsert(manager, PROVIDERS_SQL, providers);
    const regionCounts = await upsert(manager, REGIONS_SQL, regions);
    const countryCounts = await upsert(manager, COUNTRIES_SQL, countries);
    const borderCounts = await upsert(manager, BORDERS_SQL, borders);
    const linkCounts = await upsert(manager, LINKS_SQL, links);
    return {
      providers: providerCounts,
      regions: regionCounts,
      countries: countryCounts,
      countryBorders: borderCounts,
      regionLinks: linkCounts,
    };
  });
}
