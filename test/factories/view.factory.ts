import type { ViewRow } from '../../src/consumption/domain/view-row.js';
import type { ViewInputDto } from '../../src/consumption/http/consumption.dto.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../src/platform/kernel/time.js';

/** One view as a provider sends it to POST /consumption: 30 minutes watched in FR, an hour ago. */
export function viewBody(overrides: Partial<ViewInputDto> & Pick<ViewInputDto, 'clientId'>): ViewInputDto {
  return {
    videoId: 'movie-1',
    startedAt: new Date(Date.now() - MS_PER_HOUR).toISOString(),
    durationMinutes: 30,
    viewerCountry: 'FR',
    ...overrides,
  };
}

/** A deterministic pseudo-random generator in [0, 1), so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

let viewCounter = 0;

/**
 * `count` views with every optional field set, started over the `days` before `now` (none in the
 * last 25 hours), each with a client id never used before in this process.
 */
export function randomViews(next: () => number, count: number, now: number, days = 60): ViewInputDto[] {
  return Array.from({ length: count }, () => ({
    clientId: `c-${viewCounter++}`,
    videoId: `video-${Math.floor(next() * 12)}`,
    startedAt: new Date(now - Math.floor(next() * days * MS_PER_DAY) - MS_PER_HOUR * 25).toISOString(),
    durationMinutes: Math.round((1 + next() * 150) * 100) / 100,
    resolution: pick(next, ['480p', '720p', '1080p', '2160p']),
    device: pick(next, ['smartphone', 'laptop', 'tv']),
    connection: pick(next, ['wifi', 'mobile', 'fixed-wired']),
    viewerCountry: pick(next, ['FR', 'DE', 'US', 'BR', 'JP']),
    region: pick(next, ['aws:eu-west-3', 'aws:eu-central-1', 'aws:us-east-1']),
    model: pick(next, ['1byte', 'iea', 'swd-v4']),
  }));
}

/** A stored view's row as ingestion builds it: 42.5 minutes of 1080p on a TV in FR, served from Paris. */
export function viewRow(overrides: Partial<ViewRow> = {}): ViewRow {
  return {
    clientId: 'session-7f3a2c',
    videoId: 'movie-42',
    startedAt: new Date('2026-11-20T20:30:00.000Z'),
    durationMinutes: 42.5,
    resolution: '1080p',
    device: 'tv',
    connection: 'fixed-wired',
    viewerCountry: 'FR',
    viewerZone: 'FR',
    region: 'aws:eu-west-3',
    provider: 'aws',
    dataCentreZone: 'FR',
    model: '1byte',
    dataVolumeGb: 2.1,
    energyKwh: { dataCentre: 0.151, network: 0.319, device: 0.0134, embodied: 0, total: 0.4834 },
    emissionsG: { dataCentre: 4.681, network: 9.889, device: 0.4154, embodied: 0, total: 14.9854 },
    dataCentreGCo2ePerKwh: 31,
    viewerGCo2ePerKwh: 31,
    dataCentreSources: ['reference'],
    viewerSources: ['reference'],
    receipt: { avoidedG: 1.25, baselineRegion: 'gcp:europe-west9' },
    ...overrides,
  };
}
