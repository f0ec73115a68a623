import { BodyRejectedError, parseJson, parseLatest, parseReadingList } from './parsers.js';

/** Kind and message of the BodyRejectedError `parse` throws (fails the test if it returns). */
function rejectionOf(parse: () => unknown): { kind: string; message: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof BodyRejectedError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

/** As the client reads a 2xx answer: the JSON text of `body`, parsed, then checked. */
function latestOf(body: unknown): ReturnType<typeof parseLatest> {
  return parseLatest(parseJson(JSON.stringify(body)), 'FR');
}

const latestRow = {
  zone: 'FR',
  carbonIntensity: 31,
  datetime: '2026-03-10T14:00:00.000Z',
  updatedAt: '2026-03-10T13:47:05.120Z',
  isEstimated: true,
  estimationMethod: 'TIME_SLICER_AVERAGE',
};

describe('parseLatest', () => {
  it.each([
    ['a zone other than the one asked', { ...latestRow, zone: 'DE' }, 'body.zone is "DE", expected FR'],
    ['no zone', { ...latestRow, zone: undefined }, 'body.zone is undefined, expected FR'],
    [
      'a string intensity',
      { ...latestRow, carbonIntensity: '31' },
      'body.carbonIntensity is not a finite number >= 0',
    ],
    [
      'an invalid datetime',
      { ...latestRow, datetime: '2026-13-45T99:00:00Z' },
      'body.datetime is not a valid date',
    ],
    [
      'a datetime without offset',
      { ...latestRow, datetime: 'March 10, 2026 14:00' },
      'body.datetime is not an ISO instant',
    ],
    ['a non-boolean isEstimated', { ...latestRow, isEstimated: 'yes' }, 'body.isEstimated is not a boolean'],
    ['an array instead of an object', [latestRow], 'body is not an object'],
  ])('treats a latest body with %s as malformed', (_case, body, message) => {
    expect(rejectionOf(() => latestOf(body))).toEqual({ kind: 'malformed', message });
  });

  it('accepts optional fields being absent and returns null for them', () => {
    expect(latestOf({ ...latestRow, updatedAt: undefined, estimationMethod: null })).toEqual({
      zone: 'FR',
      datetime: new Date('2026-03-10T14:00:00.000Z'),
      gCo2ePerKwh: 31,
      isEstimated: true,
      estimationMethod: null,
      updatedAt: null,
    });
  });
});

describe('parseReadingList', () => {
  it('treats a history without its history array as malformed', () => {
    expect(rejectionOf(() => parseReadingList({ zone: 'FR', data: [latestRow] }, 'FR', 'history'))).toEqual({
      kind: 'malformed',
      message: 'body.history is not an array',
    });
  });
});
