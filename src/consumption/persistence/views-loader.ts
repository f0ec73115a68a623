/**
 * `npm run seed:views`: synthetic but plausible views, loaded fast. Rows are generated here
 * (footprints computed with the footprint domain and each zone's yearly reference intensity),
 * streamed with COPY, and their rollups upserted in the same transaction as each chunk.
 *
 * Seeded views carry key_id 'seed' and are not entered in view_client_ids: no provider key can
 * resend them, so duplicate detection has nothing to protect, and the table would double the load.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Connection, Device, FootprintModel, Resolution } from '../../footprint/domain/coefficients.js';
import { greatCircleKm } from '../../geo/domain/distance.js';
import { referenceIntensity } from '../../geo/domain/reference-intensities.js';
import { upsertRollups } from './consumption.store.js';
import { partitionsCovering } from '../domain/partitions.js';
import { RollupDeltas } from '../domain/rollups.js';
import { viewFootprint } from '../domain/view-footprint.js';
import { ensureViewPartitions } from '../jobs/partition-maintenance.service.js';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../platform/kernel/time.js';

export interface LoadOptions {
  count: number;
  /** Views are spread over this many days up to `now`. */
  days: number;
  /** Rows per COPY transaction. */
  chunkSize: number;
  /** Seed of the pseudo-random generator (same seed, same views). */
  seed: number;
  now: Date;
  onProgress?: (loaded: number, total: number, elapsedSeconds: number) => void;
  /** Called after each secondary index rebuilt at the end of a load into an empty table. */
  onIndex?: (name: string, seconds: number) => void;
}

/** Viewer countries and their weight (rough shares of streaming audiences). */
const COUNTRIES: [string, number][] = [
  ['US', 30],
  ['BR', 7],
  ['GB', 6],
  ['DE', 6],
  ['FR', 6],
  ['IN', 6],
  ['JP', 5],
  ['MX', 4],
  ['CA', 4],
  ['ES', 3],
  ['IT', 3],
  ['KR', 3],
  ['AU', 2],
  ['PL', 2],
  ['NL', 2],
  ['TR', 2],
  ['ID', 2],
  ['AR', 2],
  ['SE', 1],
  ['CH', 1],
  ['BE', 1],
  ['NO', 1],
  ['ZA', 1],
  ['NG', 1],
  ['EG', 1],
  ['SG', 1],
  ['PT', 1],
  ['IE', 1],
  ['DK', 1],
  ['FI', 1],
];
const RESOLUTIONS: [Resolution, number][] = [
  ['480p', 10],
  ['720p', 25],
  ['1080p', 45],
  ['1440p', 5],
  ['2160p', 15],
];
const DEVICES: [Device, number][] = [
  ['smartphone', 35],
  ['tablet', 10],
  ['laptop', 20],
  ['desktop', 5],
  ['tv', 30],
];
const MODELS: [FootprintModel, number][] = [
  ['1byte', 70],
  ['carbon-trust', 10],
  ['iea', 10],
  ['swd-v4', 10],
];
const VIDEOS = 2000;

interface RegionRow {
  id: string;
  provider_id: string;
  zone: string;
  latitude: number;
  longitude: number;
  pue: number;
}

interface CountryRow {
  code: string;
  alpha3: string;
  default_zone: string | null;
  latitude: number;
  longitude: number;
}

function weighted<T>(entries: [T, number][]): (next: () => number) => T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const cumulative = entries.map(([value], index) => ({
    value,
    until: entries.slice(0, index + 1).reduce((sum, [, weight]) => sum + weight, 0) / total,
  }));
  return (next) => {
    const draw = next();
    return (cumulative.find((entry) => draw < entry.until) ?? cumulative[cumulative.length - 1]!).value;
  };
}

export function randomGenerator(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COPY_COLUMNS = `key_id, client_id, video_id, started_at, duration_minutes, resolution, device, connection,
  viewer_country, viewer_zone, region, provider, data_centre_zone, model, data_volume_gb,
  energy_data_centre_kwh, energy_network_kwh, energy_device_kwh, energy_embodied_kwh, energy_total_kwh,
  emissions_data_centre_g, emissions_network_g, emissions_device_g, emissions_embodied_g, emissions_total_g,
  data_centre_g_co2e_per_kwh, viewer_g_co2e_per_kwh, data_centre_sources, viewer_sources`;

export async function loadSyntheticViews(
  pool: pg.Pool,
  options: LoadOptions,
): Promise<{ loaded: number; seconds: number }> {
  const started = Date.now();
  const regions = (
    await pool.query<RegionRow>(
      `SELECT r.id, r.provider_id, r.zone, r.latitude, r.longitude, COALESCE(r.pue, p.pue) AS pue
       FROM regions r JOIN providers p ON p.id = r.provider_id
       WHERE r.enabled AND r.access = 'general' AND r.deleted_at IS NULL ORDER BY r.id`,
    )
  ).rows;
  if (regions.length === 0)
    throw new Error('No enabled region: seed the reference data first (npm run seed)');
  const countries = (
    await pool.query<CountryRow>(
      `SELECT code, alpha3, default_zone, latitude, longitude FROM countries WHERE code = ANY($1) ORDER BY code`,
      [COUNTRIES.map(([code]) => code)],
    )
  ).rows;
  const alpha3 = new Map(countries.map((country) => [country.code, country.alpha3]));
  const intensityOf = new Map<string, number>();
  const intensity = (zone: string): number => {
    let value = intensityOf.get(zone);
    if (value === undefined) {
      value = referenceIntensity(zone, (code) => alpha3.get(code)).gCo2ePerKwh;
      intensityOf.set(zone, value);
    }
    return value;
  };
  // Each country is served from its three nearest regions (mostly the nearest).
  const places = new Map(
    countries.map((country) => {
      const nearestRegions = [...regions]
        .sort(
          (a, b) =>
            greatCircleKm(country.latitude, country.longitude, a.latitude, a.longitude) -
            greatCircleKm(country.latitude, country.longitude, b.latitude, b.longitude),
        )
        .slice(0, 3);
      return [country.code, { zone: country.default_zone ?? country.code, regions: nearestRegions }];
    }),
  );
  const pickCountry = weighted(COUNTRIES.filter(([code]) => places.has(code)));
  const pickResolution = weighted(RESOLUTIONS);
  const pickDevice = weighted(DEVICES);
  const pickModel = weighted(MODELS);
  const next = randomGenerator(options.seed);
  const spanMs = options.days * MS_PER_DAY;
  const end = options.now.getTime();
  await ensureViewPartitions(pool, partitionsCovering(new Date(end - spanMs), options.now));
  const runId = `${options.seed}-${end.toString(36)}`;

  let loaded = 0;
  // Into an empty table, building the secondary indexes once at the end is several times faster
  // than maintaining them row by row. They are rebuilt (same definitions) even if the load fails.
  const isEmpty =
    (await pool.query(`SELECT NOT EXISTS (SELECT 1 FROM views) AS empty`)).rows[0]?.empty === true;
  const deferred = isEmpty
    ? (
        await pool.query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes
           WHERE schemaname = 'public' AND tablename = 'views' AND indexname LIKE 'IDX_views_%'`,
        )
      ).rows
    : [];
  for (const index of deferred) await pool.query(`DROP INDEX "${index.indexname}"`);
  try {
    await loadChunks();
  } finally {
    for (const index of deferred) {
      const building = Date.now();
      // pg_indexes shows a partitioned index as `ON ONLY views`, which would not build the partitions' indexes.
      await pool.query(index.indexdef.replace(' ON ONLY ', ' ON '));
      options.onIndex?.(index.indexname, (Date.now() - building) / 1000);
    }
  }
  return { loaded, seconds: (Date.now() - started) / 1000 };

  async function loadChunks(): Promise<void> {
    while (loaded < options.count) {
      const size = Math.min(options.chunkSize, options.count - loaded);
      const rollups = new RollupDeltas();
      // Views arrive in time order: each chunk covers its own slice of the span, sorted, so that
      // index insertions stay on a few hot pages instead of touching the whole index.
      const sliceStart = end - spanMs + (spanMs * loaded) / options.count;
      const sliceMs = (spanMs * size) / options.count;
      const times = new Float64Array(size);
      for (let index = 0; index < size; index++) times[index] = Math.floor(sliceStart + next() * sliceMs);
      times.sort();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const copy = client.query(copyFrom(`COPY views (${COPY_COLUMNS}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          copy.on('finish', resolve);
          copy.on('error', reject);
        });
        let buffer = '';
        for (let index = 0; index < size; index++) {
          const country = pickCountry(next);
          const place = places.get(country)!;
          const region = place.regions[next() < 0.7 ? 0 : next() < 0.6 ? 1 : 2] ?? place.regions[0]!;
          const device = pickDevice(next);
          const connection: Connection =
            device === 'smartphone'
              ? next() < 0.6
                ? 'mobile'
                : 'wifi'
              : device === 'tv'
                ? next() < 0.5
                  ? 'fixed-wired'
                  : 'wifi'
                : next() < 0.85
                  ? 'wifi'
                  : 'mobile';
          const resolution = device === 'smartphone' && next() < 0.5 ? '720p' : pickResolution(next);
          const model = pickModel(next);
          const durationMinutes = Math.round((2 + next() ** 2 * 150) * 100) / 100;
          const startedAt = new Date(times[index]! - durationMinutes * MS_PER_MINUTE);
          const video = `video-${Math.floor(next() ** 3 * VIDEOS)}`;
          const dataCentreIntensity = intensity(region.zone);
          const viewerIntensity = intensity(place.zone);
          const footprint = viewFootprint({
            durationMinutes,
            resolution,
            device,
            connection,
            model,
            dataCentrePue: region.pue,
            dataCentreGCo2ePerKwh: dataCentreIntensity,
            viewerGCo2ePerKwh: viewerIntensity,
          });
          const { energyKwh: e, emissionsG: g } = footprint;
          buffer += `seed\t${runId}-${loaded + index}\t${video}\t${startedAt.toISOString()}\t${durationMinutes}\t${resolution}\t${device}\t${connection}\t${country}\t${place.zone}\t${region.id}\t${region.provider_id}\t${region.zone}\t${model}\t${footprint.dataVolumeGb}\t${e.dataCentre}\t${e.network}\t${e.device}\t${e.embodied}\t${e.total}\t${g.dataCentre}\t${g.network}\t${g.device}\t${g.embodied}\t${g.total}\t${dataCentreIntensity}\t${viewerIntensity}\t{reference}\t{reference}\n`;
          rollups.add({
            startedAt,
            viewerCountry: country,
            region: region.id,
            provider: region.provider_id,
            resolution,
            device,
            connection,
            model,
            videoId: video,
            durationMinutes,
            dataVolumeGb: footprint.dataVolumeGb,
            energyTotalKwh: e.total,
            emissionsTotalG: g.total,
          });
          if (buffer.length > 1 << 20) {
            if (!copy.write(buffer)) await new Promise((resolve) => copy.once('drain', resolve));
            buffer = '';
          }
        }
        copy.end(buffer);
        await done;
        await upsertRollups(client, rollups);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      loaded += size;
      options.onProgress?.(loaded, options.count, (Date.now() - started) / 1000);
    }
  }
}
