import { thrownInvalidInput } from '../../../test/support/invalid-input.js';
import { MAX_VIEWS_PER_REQUEST, parseConsumptionBody } from './view-input.js';

const NOW = new Date('2026-11-22T12:00:00Z');

const VIEW = {
  clientId: 'c1',
  videoId: 'v1',
  startedAt: '2026-11-20T20:30:00Z',
  durationMinutes: 42,
  resolution: '720p',
  device: 'tv',
  connection: 'fixed-wired',
  viewerCountry: 'fr',
  region: 'aws:eu-west-3',
  model: 'iea',
};

function fieldsOf(body: unknown): string[] {
  return thrownInvalidInput(() => parseConsumptionBody(body, NOW)).errors.map((problem) => problem.field);
}

describe('parseConsumptionBody', () => {
  it('reads a valid view, upper-casing the country', () => {
    expect(parseConsumptionBody({ views: [VIEW] }, NOW)).toEqual([
      { ...VIEW, startedAt: new Date('2026-11-20T20:30:00Z'), viewerCountry: 'FR' },
    ]);
  });

  it('fills the defaults of GET /footprint', () => {
    const [view] = parseConsumptionBody(
      {
        views: [
          { clientId: 'c', videoId: 'v', startedAt: VIEW.startedAt, durationMinutes: 1, viewerCountry: 'DE' },
        ],
      },
      NOW,
    );
    expect(view).toMatchObject({ resolution: '1080p', device: 'laptop', connection: 'wifi', model: '1byte' });
    expect(view?.region).toBeUndefined();
  });

  it('names the index and field of every bad value', () => {
    const views = [
      VIEW,
      { ...VIEW, durationMinutes: 0 },
      { ...VIEW, durationMinutes: 1441, resolution: '8k' },
      { ...VIEW, clientId: '', videoId: 'x'.repeat(129) },
      { ...VIEW, startedAt: '2026-11-20' },
      { ...VIEW, startedAt: '2026-11-22T12:06:00Z' },
      { ...VIEW, viewerCountry: 'FRA', device: 'watch', connection: '5g', model: 'x' },
      { ...VIEW, extra: 1 },
      'not an object',
      { ...VIEW, durationMinutes: '42' },
      { ...VIEW, clientId: 'a\u0000b', videoId: 'line\nbreak' },
    ];
    expect(fieldsOf({ views })).toEqual([
      'views[1].durationMinutes',
      'views[2].durationMinutes',
      'views[2].resolution',
      'views[3].clientId',
      'views[3].videoId',
      'views[4].startedAt',
      'views[5].startedAt',
      'views[6].device',
      'views[6].connection',
      'views[6].model',
      'views[6].viewerCountry',
      'views[7].extra',
      'views[8]',
      'views[9].durationMinutes',
      'views[10].clientId',
      'views[10].videoId',
    ]);
  });

  it('accepts a start up to 5 minutes ahead (clock skew) and refuses dates before 2000', () => {
    expect(() =>
      parseConsumptionBody({ views: [{ ...VIEW, startedAt: '2026-11-22T12:04:00Z' }] }, NOW),
    ).not.toThrow();
    expect(fieldsOf({ views: [{ ...VIEW, startedAt: '1999-12-31T23:59:59Z' }] })).toEqual([
      'views[0].startedAt',
    ]);
  });

  it('needs 1 to 10,000 views and nothing else in the body', () => {
    expect(fieldsOf({ views: [] })).toEqual(['views']);
    expect(fieldsOf({ views: Array.from({ length: MAX_VIEWS_PER_REQUEST + 1 }, () => VIEW) })).toEqual([
      'views',
    ]);
    expect(fieldsOf({})).toEqual(['views']);
    expect(fieldsOf({ views: [VIEW], more: true })).toEqual(['more']);
    expect(fieldsOf([VIEW])).toEqual(['body']);
    expect(
      parseConsumptionBody({ views: Array.from({ length: MAX_VIEWS_PER_REQUEST }, () => VIEW) }, NOW),
    ).toHaveLength(MAX_VIEWS_PER_REQUEST);
  });

  it('lists at most 100 problems for a wholly bad batch', () => {
    const errors = thrownInvalidInput(() =>
      parseConsumptionBody({ views: Array.from({ length: 500 }, () => ({})) }, NOW),
    ).errors;
    expect(errors.length).toBeLessThanOrEqual(100);
    expect(errors[0]?.field).toBe('views[0].clientId');
  });
});
