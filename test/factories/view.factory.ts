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
