/**
 * Synthetic but plausible views, for `npm run seed:views`: weighted countries, devices,
 * resolutions and models, videos with a long tail, footprints computed with the footprint domain
 * and each zone's yearly reference intensity. Pure: the same places, options and seed give the
 * same views.
 */
import type { Connection, Device, FootprintModel, Resolution } from '../../footprint/domain/coefficients.js';
import { greatCircleKm } from '../../geo/domain/distance.js';
import { referenceIntensity } from '../../geo/domain/reference-intensities.js';
import type { ViewRow } from '../../consumption/domain/view-row.js';
import { viewFootprint } from '../../consumption/domain/view-footprint.js';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../platform/kernel/time.js';

/** Viewer countries and their weight (rough shares of streaming audiences). */
export const COUNTRIES: [string, number][] = [
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

/** An enabled general region as the regions table holds it, with its PUE (else its provider's). */
export interface SyntheticRegion {
  id: string;
  provider_id: string;
  zone: string;
  latitude: number;
  longitude: number;
  pue: number;
}

/** A viewer country as the countries table holds it. */
export interface SyntheticCountry {
  code: string;
  alpha3: string;
  default_zone: string | null;
  latitude: number;
  longitude: number;
}

export interface GenerateOptions {
  count: number;
  /** Views are spread over this many days up to `now`. */
  days: number;
  /** Views come in slices of this many, each in time order (the bulk load's chunks). */
  sliceSize: number;
  /** Seed of the pseudo-random generator (same seed, same views). */
  seed: number;
  now: Date;
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

/**
 * `options.count` views over the `options.days` days before `options.now`, generated as they are
 * read. Each country is served from its three nearest regions (mostly the nearest).
 */
export function generateViews(
  regions: SyntheticRegion[],
  countries: SyntheticCountry[],
  options: GenerateOptions,
): Generator<ViewRow> {
  if (regions.length === 0)
    throw new Error('No enabled region: seed the reference data first (npm run seed)');
  return views(regions, countries, options);
}

function* views(
  regions: SyntheticRegion[],
  countries: SyntheticCountry[],
  options: GenerateOptions,
): Generator<ViewRow> {
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
  const runId = `${options.seed}-${end.toString(36)}`;

  for (let generated = 0; generated < options.count;) {
    const size = Math.min(options.sliceSize, options.count - generated);
    // Views arrive in time order: each slice covers its own part of the span, sorted, so that
    // index insertions stay on a few hot pages instead of touching the whole index.
    const sliceStart = end - spanMs + (spanMs * generated) / options.count;
    const sliceMs = (spanMs * size) / options.count;
    const times = new Float64Array(size);
    for (let index = 0; index < size; index++) times[index] = Math.floor(sliceStart + next() * sliceMs);
    times.sort();
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
      const videoId = `video-${Math.floor(next() ** 3 * VIDEOS)}`;
      const dataCentreGCo2ePerKwh = intensity(region.zone);
      const viewerGCo2ePerKwh = intensity(place.zone);
      const footprint = viewFootprint({
        durationMinutes,
        resolution,
        device,
        connection,
        model,
        dataCentrePue: region.pue,
        dataCentreGCo2ePerKwh,
        viewerGCo2ePerKwh,
      });
      // Receipt against the generator's nearest region (docs/RECOMMENDATION.md#receipt).
      const baseline = place.regions[0]!;
      const baselineDataCentreG =
        baseline === region
          ? footprint.emissionsG.dataCentre
          : viewFootprint({
              durationMinutes,
              resolution,
              device,
              connection,
              model,
              dataCentrePue: baseline.pue,
              dataCentreGCo2ePerKwh: intensity(baseline.zone),
              viewerGCo2ePerKwh,
            }).emissionsG.dataCentre;
      yield {
        receipt: {
          avoidedG: baselineDataCentreG - footprint.emissionsG.dataCentre,
          baselineRegion: baseline.id,
        },
        clientId: `${runId}-${generated + index}`,
        videoId,
        startedAt,
        durationMinutes,
        resolution,
        device,
        connection,
        viewerCountry: country,
        viewerZone: place.zone,
        region: region.id,
        provider: region.provider_id,
        dataCentreZone: region.zone,
        model,
        dataVolumeGb: footprint.dataVolumeGb,
        energyKwh: footprint.energyKwh,
        emissionsG: footprint.emissionsG,
        dataCentreGCo2ePerKwh,
        viewerGCo2ePerKwh,
        dataCentreSources: ['reference'],
        viewerSources: ['reference'],
      };
    }
    generated += size;
  }
}
