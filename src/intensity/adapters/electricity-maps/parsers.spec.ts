import {
  BodyRejectedError,
  parseForecast,
  parseJson,
  parseLatest,
  parseReadingList,
  parseZones,
  readTextField,
} from './parsers.js';

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

describe('parseJson and readTextField', () => {
  it('rejects a 2xx body that is not JSON as malformed', () => {
    expect(rejectionOf(() => parseJson('{"zone":"FR","carbonInt'))).toEqual({
      kind: 'malformed',
      message: 'body is not JSON',
    });
    expect(rejectionOf(() => parseJson(''))).toEqual({ kind: 'malformed', message: 'body is not JSON' });
    expect(parseJson('null')).toBeNull();
  });

  it.each([
    ['{"error":"Invalid auth-token","message":"…"}', 'error', 'Invalid auth-token'],
    ['{"status":"ok"}', 'status', 'ok'],
    ['{"status":"ok"}', 'error', undefined],
    ['{"error":42}', 'error', undefined],
    ['["error"]', 'error', undefined],
    ['Access denied', 'error', undefined],
    ['', 'status', undefined],
  ])('reads %j field %s as %j', (body, field, expected) => {
    expect(readTextField(body, field)).toBe(expected);
  });
});

describe('parseLatest', () => {
  it('maps a row to a reading with Dates', () => {
    expect(latestOf(latestRow)).toEqual({
      zone: 'FR',
      datetime: new Date('2026-03-10T14:00:00.000Z'),
      gCo2ePerKwh: 31,
      isEstimated: true,
      estimationMethod: 'TIME_SLICER_AVERAGE',
      updatedAt: new Date('2026-03-10T13:47:05.120Z'),
    });
  });

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

  it('reads an instant with an offset and no seconds', () => {
    expect(latestOf({ ...latestRow, datetime: '2026-03-10T15:00+01:00' }).datetime).toEqual(
      new Date('2026-03-10T14:00:00.000Z'),
    );
  });

  it('rejects a null value as no-data, but only once the rest of the row is valid', () => {
    expect(rejectionOf(() => latestOf({ ...latestRow, carbonIntensity: null }))).toEqual({
      kind: 'no-data',
      message: 'latest carbonIntensity is null',
    });
    expect(rejectionOf(() => latestOf({ ...latestRow, carbonIntensity: null, datetime: 'now' }))).toEqual({
      kind: 'malformed',
      message: 'body.datetime is not an ISO instant',
    });
  });
});

describe('parseReadingList', () => {
  const row = (hour: number, carbonIntensity: number | null): Record<string, unknown> => ({
    carbonIntensity,
    datetime: `2026-03-10T${String(hour).padStart(2, '0')}:00:00.000Z`,
    isEstimated: false,
  });

  it('sorts rows ascending and leaves out those without a value', () => {
    const body = { zone: 'FR', history: [row(12, 40), row(10, 20), row(11, null)] };

    expect(parseReadingList(body, 'FR', 'history')).toEqual([
      {
        zone: 'FR',
        datetime: new Date('2026-03-10T10:00:00.000Z'),
        gCo2ePerKwh: 20,
        isEstimated: false,
        estimationMethod: null,
        updatedAt: null,
      },
      {
        zone: 'FR',
        datetime: new Date('2026-03-10T12:00:00.000Z'),
        gCo2ePerKwh: 40,
        isEstimated: false,
        estimationMethod: null,
        updatedAt: null,
      },
    ]);
  });

  it('treats a history without its history array as malformed', () => {
    expect(rejectionOf(() => parseReadingList({ zone: 'FR', data: [latestRow] }, 'FR', 'history'))).toEqual({
      kind: 'malformed',
      message: 'body.history is not an array',
    });
  });

  it('names the offending row', () => {
    const body = { data: [row(10, 20), { ...row(11, 30), zone: 'DE' }] };

    expect(rejectionOf(() => parseReadingList(body, 'FR', 'data'))).toEqual({
      kind: 'malformed',
      message: 'body.data[1].zone is "DE", expected FR',
    });
  });
});

describe('parseForecast', () => {
  it('maps points ascending, leaving out those without a value', () => {
    const body = {
      zone: 'NL',
      updatedAt: '2026-03-10T14:15:00.000Z',
      forecast: [
        { carbonIntensity: 210, datetime: '2026-03-10T15:00:00.000Z' },
        { carbonIntensity: null, datetime: '2026-03-10T16:00:00.000Z' },
        { carbonIntensity: 200, datetime: '2026-03-10T14:00:00.000Z' },
      ],
    };

    expect(parseForecast(body, 'NL')).toEqual({
      zone: 'NL',
      updatedAt: new Date('2026-03-10T14:15:00.000Z'),
      points: [
        { datetime: new Date('2026-03-10T14:00:00.000Z'), gCo2ePerKwh: 200 },
        { datetime: new Date('2026-03-10T15:00:00.000Z'), gCo2ePerKwh: 210 },
      ],
    });
  });

  it('rejects a negative carbon intensity, naming the point', () => {
    const body = { forecast: [{ carbonIntensity: -5, datetime: '2026-03-10T14:00:00.000Z' }] };

    expect(rejectionOf(() => parseForecast(body, 'NL'))).toEqual({
      kind: 'malformed',
      message: 'body.forecast[0].carbonIntensity is not a finite number >= 0',
    });
  });
});

describe('parseZones', () => {
  it('maps each zone to its names and access list; no list means no access', () => {
    const body = {
      FR: { zoneName: 'France', access: ['carbon-intensity/latest'] },
      'DK-DK1': { zoneName: 'West Denmark', countryName: 'Denmark', access: ['*'] },
      PL: {},
    };

    expect(parseZones(body)).toEqual(
      new Map([
        ['FR', { zoneName: 'France', access: ['carbon-intensity/latest'] }],
        ['DK-DK1', { zoneName: 'West Denmark', countryName: 'Denmark', access: ['*'] }],
        ['PL', { access: [] }],
      ]),
    );
  });

  it.each([
    [{ FR: { access: ['carbon-intensity/latest', 3] } }, 'body.FR.access has a non-string entry'],
    [{ FR: { access: 'carbon-intensity/latest' } }, 'body.FR.access is not an array'],
    [{ FR: { zoneName: 7 } }, 'body.FR.zoneName is not a string'],
    [{ FR: null }, 'body.FR is not an object'],
  ])('rejects %j: %s', (body, message) => {
    expect(rejectionOf(() => parseZones(body))).toEqual({ kind: 'malformed', message });
  });
});
