import { viewRow } from '../../test/factories/view.factory.js';
import type { ViewRow } from './domain/view-row.js';
import { VIEW_COLUMNS, type StoredView } from './persistence/view-columns.js';
import { ViewColumnsSql } from './persistence/view-columns-sql.js';
import { insertViewsSql } from './persistence/views.repository.js';
import { VIEW_PRESENTATION, ViewPresentation } from './view-presentation.js';

const STORED: StoredView = {
  id: '1234',
  started_at: new Date('2026-11-20T20:30:00.000Z'),
  client_id: 'session-7f3a2c',
  video_id: 'movie,42 "director\'s cut"',
  duration_minutes: 42.5,
  resolution: '1080p',
  device: 'tv',
  connection: 'fixed-wired',
  viewer_country: 'FR',
  viewer_zone: 'FR',
  region: 'aws:eu-west-3',
  provider: 'aws',
  data_centre_zone: 'FR',
  model: '1byte',
  data_volume_gb: 2.1249999999999996,
  energy_data_centre_kwh: 0.151,
  energy_network_kwh: 0.319,
  energy_device_kwh: 0.0134,
  energy_embodied_kwh: 0,
  energy_total_kwh: 0.4834,
  emissions_data_centre_g: 4.681,
  emissions_network_g: 9.889,
  emissions_device_g: 0.4154,
  emissions_embodied_g: 0,
  emissions_total_g: 14.9854,
  data_centre_g_co2e_per_kwh: 31,
  viewer_g_co2e_per_kwh: 2.5e-7,
  data_centre_sources: ['stored', 'reference'],
  viewer_sources: ['forecast'],
  avoided_g: -0.75,
  baseline_region: 'gcp:europe-west9',
};

const VIEW: ViewRow = viewRow();

describe('how GET /consumption shows a stored view', () => {
  it('answers the API view with its fields nested and in order, byte for byte', () => {
    expect(JSON.stringify(VIEW_PRESENTATION.apiView(STORED))).toBe(
      '{"id":1234,"clientId":"session-7f3a2c","videoId":"movie,42 \\"director\'s cut\\"",' +
        '"startedAt":"2026-11-20T20:30:00.000Z","durationMinutes":42.5,"resolution":"1080p","device":"tv",' +
        '"connection":"fixed-wired","viewerCountry":"FR","region":"aws:eu-west-3","provider":"aws",' +
        '"model":"1byte","dataVolumeGb":2.1249999999999996,' +
        '"energyKwh":{"dataCentre":0.151,"network":0.319,"device":0.0134,"embodied":0,"total":0.4834},' +
        '"emissionsG":{"dataCentre":4.681,"network":9.889,"device":0.4154,"embodied":0,"total":14.9854},' +
        '"intensity":{"dataCentre":{"zone":"FR","gCo2ePerKwh":31,"sources":["stored","reference"]},' +
        '"viewer":{"zone":"FR","gCo2ePerKwh":2.5e-7,"sources":["forecast"]}},' +
        '"receipt":{"avoidedG":-0.75,"baselineRegion":"gcp:europe-west9"}}',
    );
  });

  it('writes the CSV header and lines, byte for byte (no provider; sources joined with |)', () => {
    expect(VIEW_PRESENTATION.csvHeader).toBe(
      'id,clientId,videoId,startedAt,durationMinutes,resolution,device,connection,viewerCountry,region,model,' +
        'dataVolumeGb,energyKwhDataCentre,energyKwhNetwork,energyKwhDevice,energyKwhEmbodied,energyKwhTotal,' +
        'emissionsGDataCentre,emissionsGNetwork,emissionsGDevice,emissionsGEmbodied,emissionsGTotal,' +
        'dataCentreZone,viewerZone,dataCentreGCo2ePerKwh,viewerGCo2ePerKwh,dataCentreSources,viewerSources,' +
        'avoidedG,baselineRegion\r\n',
    );
    expect(VIEW_PRESENTATION.csvLine(STORED)).toBe(
      '1234,session-7f3a2c,"movie,42 ""director\'s cut""",2026-11-20T20:30:00.000Z,42.5,1080p,tv,fixed-wired,' +
        'FR,aws:eu-west-3,1byte,2.1249999999999996,0.151,0.319,0.0134,0,0.4834,4.681,9.889,0.4154,0,14.9854,' +
        'FR,FR,31,2.5e-7,stored|reference,forecast,-0.75,gcp:europe-west9\r\n',
    );
    expect(
      VIEW_PRESENTATION.csvLine({ ...STORED, viewer_sources: [], avoided_g: null, baseline_region: null }),
    ).toMatch(/,stored\|reference,,,\r\n$/);
  });

  it('loses a column removed from the declaration everywhere at once: INSERT, SELECT, COPY, CSV and API', () => {
    const withoutModel = VIEW_COLUMNS.filter((column) => column.name !== 'model');
    const sql = new ViewColumnsSql(withoutModel);
    const shown = new ViewPresentation(withoutModel);
    const full = new ViewColumnsSql(VIEW_COLUMNS);

    expect(insertViewsSql(full)).toMatch(/\bmodel\b/);
    expect(insertViewsSql(sql)).not.toMatch(/\bmodel\b/);
    expect(sql.unnestParameters([VIEW])).toHaveLength(full.unnestParameters([VIEW]).length - 1);
    expect(sql.selectList).not.toMatch(/\bmodel\b/);
    expect(sql.columnList).not.toMatch(/\bmodel\b/);
    expect(full.copyLine('seed', VIEW).split('\t')).toContain('1byte');
    expect(sql.copyLine('seed', VIEW).split('\t')).not.toContain('1byte');
    expect(VIEW_PRESENTATION.csvHeader.split(',')).toContain('model');
    expect(shown.csvHeader.split(',')).not.toContain('model');
    expect(shown.csvLine(STORED).split(',')).not.toContain('1byte');
    expect(shown.apiView(STORED)).not.toHaveProperty('model');
  });
});
