import { InvalidInputError } from '../../platform/kernel/errors.js';
import type { Country } from '../../geo/domain/countries.js';
import { MAX_SAMPLES_PER_REQUEST, parseSamplesBody, type SampleLookups } from './sample-input.js';

const NOW = Date.UTC(2026, 11, 1, 20, 0, 0);
const RULES = { retentionMs: 3_600_000 };
const COUNTRIES: Record<string, Country> = {
  FR: { code: 'FR', latitude: 46, longitude: 2, neighbours: [] } as unknown as Country,
  US: { code: 'US', latitude: 38, longitude: -97, neighbours: [] } as unknown as Country,
};
const LOOKUPS: SampleLookups = {
  findCountry: (code) => COUNTRIES[code],
  isKnownZone: (zone) => zone === 'FR' || zone === 'US-CAL-CISO',
  nearestCountry: (latitude) => (latitude > 42 ? COUNTRIES.FR : COUNTRIES.US),
  isKnownRegion: (id) => id === 'aws:eu-west-3' || id === 'aws:us-west-1',
  originRegions: (originId, serviceId) =>
    originId === 'paris' && (serviceId === undefined || serviceId === 'example')
      ? ['aws:eu-west-3']
      : originId === 'edge'
        ? ['aws:eu-west-3', 'aws:us-west-1']
        : [],
};

function fieldsOf(body: unknown): string[] {
  try {
    parseSamplesBody(body, NOW, RULES, LOOKUPS);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors.map((problem) => problem.field);
    throw error;
  }
  return [];
}

describe('parseSamplesBody', () => {
  it('reads a sample with defaults (kind user, now) and what may stand for the country or the region', () => {
    const samples = parseSamplesBody(
      {
        samples: [
          { viewerCountry: 'fr', region: 'aws:eu-west-3', rttMs: 42, throughputBps: 8e6 },
          {
            viewerZone: 'US-CAL-CISO',
            originId: 'paris',
            serviceId: 'example',
            rttMs: 90,
            kind: 'probe',
            at: '2026-12-01T19:59:00Z',
          },
          { viewerSubdivision: 'US-CA', originId: 'paris', throughputBps: 2e6, sessionId: 's-1' },
          { viewerLat: 48.85, viewerLon: 2.35, region: 'aws:eu-west-3', rttMs: 12 },
        ],
      },
      NOW,
      RULES,
      LOOKUPS,
    );
    expect(
      samples.map((s) => [
        s.viewerCountry,
        s.regionId,
        s.kind,
        s.rttMs,
        s.throughputBps,
        s.atMs - NOW,
        s.sessionId,
      ]),
    ).toEqual([
      ['FR', 'aws:eu-west-3', 'user', 42, 8e6, 0, null],
      ['US', 'aws:eu-west-3', 'probe', 90, null, -60_000, null],
      ['US', 'aws:eu-west-3', 'user', null, 2e6, 0, 's-1'],
      ['FR', 'aws:eu-west-3', 'user', 12, null, 0, null],
    ]);
  });

  it.each([
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: -1 }, 'samples[0].rttMs'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 0 }, 'samples[0].rttMs'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 60_001 }, 'samples[0].rttMs'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: '42' }, 'samples[0].rttMs'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3' }, 'samples[0].rttMs'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', throughputBps: 10 }, 'samples[0].throughputBps'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', throughputBps: 2e12 }, 'samples[0].throughputBps'],
    [{ viewerCountry: 'FR', region: 'aws:nowhere-1', rttMs: 5 }, 'samples[0].region'],
    [{ viewerCountry: 'FR', originId: 'nowhere', rttMs: 5 }, 'samples[0].originId'],
    [{ viewerCountry: 'FR', originId: 'edge', rttMs: 5 }, 'samples[0].originId'],
    [{ viewerCountry: 'FR', rttMs: 5 }, 'samples[0].region'],
    [{ viewerCountry: 'ZZ', region: 'aws:eu-west-3', rttMs: 5 }, 'samples[0].viewerCountry'],
    [{ region: 'aws:eu-west-3', rttMs: 5 }, 'samples[0].viewerCountry'],
    [{ viewerZone: 'XX-NOPE', region: 'aws:eu-west-3', rttMs: 5 }, 'samples[0].viewerZone'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, at: '2026-12-01T20:02:00Z' }, 'samples[0].at'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, at: '2026-12-01T18:00:00Z' }, 'samples[0].at'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, at: 'yesterday' }, 'samples[0].at'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, kind: 'robot' }, 'samples[0].kind'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, sessionId: 'a b' }, 'samples[0].sessionId'],
    [{ viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5, colour: 'red' }, 'samples[0].colour'],
  ])('refuses %j naming %s', (sample, field) => {
    expect(fieldsOf({ samples: [sample] })).toContain(field);
  });

  it('names the index of the bad sample in a batch, and refuses the batch whole', () => {
    const good = { viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5 };
    expect(fieldsOf({ samples: [good, good, good, { ...good, rttMs: 61_000 }] })).toEqual([
      'samples[3].rttMs',
    ]);
  });

  it('refuses an empty batch, one over the limit and a body that is not { samples }', () => {
    const good = { viewerCountry: 'FR', region: 'aws:eu-west-3', rttMs: 5 };
    expect(fieldsOf({ samples: [] })).toEqual(['samples']);
    expect(fieldsOf({ samples: Array.from({ length: MAX_SAMPLES_PER_REQUEST + 1 }, () => good) })).toEqual([
      'samples',
    ]);
    expect(fieldsOf([good])).toEqual(['body']);
    expect(fieldsOf({ samples: [good], extra: 1 })).toEqual(['extra']);
  });
});
