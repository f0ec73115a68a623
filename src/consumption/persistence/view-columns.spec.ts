import { viewRow } from '../../../test/factories/view.factory.js';
import { getMetadataArgsStorage } from 'typeorm';
import type { ViewRow } from '../domain/view-row.js';
import { VIEW_COLUMNS, type ViewColumnType } from './view-columns.js';
import { VIEW_COLUMNS_SQL } from './view-columns-sql.js';
import { ViewEntity } from './view.entity.js';
import { INSERT_VIEWS_SQL, insertViewsParams } from './views.repository.js';

/** The entity's column types, as the declaration names them. */
const DECLARED_TYPE: Record<string, ViewColumnType> = {
  varchar: 'text',
  char: 'text',
  text: 'text',
  'double precision': 'float8',
  timestamptz: 'timestamptz',
  bigint: 'bigint',
};

const VIEW: ViewRow = viewRow({
  videoId: 'movie\t42 \\ "cut"',
  dataVolumeGb: 2.1249999999999996,
  viewerGCo2ePerKwh: 2.5e-7,
  dataCentreSources: ['stored', 'reference'],
  viewerSources: ['forecast'],
});

describe('the view column declaration', () => {
  it('names the columns of the views entity, with the same types (but key_id and recorded_at)', () => {
    const entity = getMetadataArgsStorage()
      .columns.filter((column) => column.target === ViewEntity)
      .map((column) => {
        const type = DECLARED_TYPE[String(column.options.type)];
        return `${column.options.name ?? column.propertyName} ${type}${column.options.array ? '[]' : ''}${column.options.nullable ? '?' : ''}`;
      });
    const declared = VIEW_COLUMNS.map((column) => `${column.name} ${column.type}`);
    expect(entity.sort()).toEqual([...declared, 'key_id text', 'recorded_at timestamptz'].sort());
  });

  it('inserts every column but id from one unnest parameter each, after the key ($1)', () => {
    const written = VIEW_COLUMNS.filter((column) => column.name !== 'id');
    expect(VIEW_COLUMNS_SQL.columnList).toBe(written.map((column) => column.name).join(', '));
    expect(INSERT_VIEWS_SQL).toContain(`INSERT INTO views (key_id, ${VIEW_COLUMNS_SQL.columnList})`);
    expect(INSERT_VIEWS_SQL).toContain(
      'unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::text[], $7::text[], $8::text[], ' +
        '$9::text[], $10::text[], $11::text[], $12::text[], $13::float8[], $14::float8[], $15::float8[], ' +
        '$16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::float8[], $21::float8[], ' +
        '$22::float8[], $23::float8[], $24::text[], $25::text[], $26::float8[], $27::float8[], $28::text[], ' +
        '$29::text[], $30::float8[], $31::text[]) AS i(client_id, ',
    );
    expect(INSERT_VIEWS_SQL).toContain(
      "i.viewer_g_co2e_per_kwh, string_to_array(i.data_centre_sources, ','), string_to_array(i.viewer_sources, ',')",
    );
    const params = insertViewsParams('key-1', [
      VIEW,
      { ...VIEW, clientId: 'second', durationMinutes: 1, receipt: null },
    ]);
    expect(params).toHaveLength(written.length + 1);
    const byColumn = Object.fromEntries(written.map((column, index) => [column.name, params[index + 1]]));
    expect(params[0]).toBe('key-1');
    expect(byColumn).toMatchObject({
      client_id: '{"session-7f3a2c","second"}',
      video_id: '{"movie\t42 \\\\ \\"cut\\"","movie\t42 \\\\ \\"cut\\""}',
      started_at: '{"2026-11-20T20:30:00.000Z","2026-11-20T20:30:00.000Z"}',
      duration_minutes: '{42.5,1}',
      viewer_g_co2e_per_kwh: '{2.5e-7,2.5e-7}',
      data_centre_sources: '{"stored,reference","stored,reference"}',
      viewer_sources: '{"forecast","forecast"}',
      avoided_g: '{1.25,NULL}',
      baseline_region: '{"gcp:europe-west9",NULL}',
    });
  });

  it('writes COPY text lines: the key, then the written columns, tabs and backslashes escaped', () => {
    expect(VIEW_COLUMNS_SQL.copyLine('seed', VIEW)).toBe(
      [
        'seed',
        'session-7f3a2c',
        'movie\\t42 \\\\ "cut"',
        '2026-11-20T20:30:00.000Z',
        '42.5',
        '1080p',
        'tv',
        'fixed-wired',
        'FR',
        'aws:eu-west-3',
        'aws',
        '1byte',
        '2.1249999999999996',
        '0.151',
        '0.319',
        '0.0134',
        '0',
        '0.4834',
        '4.681',
        '9.889',
        '0.4154',
        '0',
        '14.9854',
        'FR',
        'FR',
        '31',
        '2.5e-7',
        '{"stored","reference"}',
        '{"forecast"}',
        '1.25',
        'gcp:europe-west9',
      ].join('\t') + '\n',
    );
    // No receipt: COPY's NULL.
    expect(VIEW_COLUMNS_SQL.copyLine('seed', { ...VIEW, receipt: null })).toMatch(/\t\\N\t\\N\n$/);
  });

  it('selects every declared column', () => {
    expect(VIEW_COLUMNS_SQL.selectList.split(', ')).toEqual(VIEW_COLUMNS.map((column) => column.name));
  });
});
