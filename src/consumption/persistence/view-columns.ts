/**
 * The columns of a stored view, declared once. Everything that lists them is derived from this
 * table: the INSERT of POST /consumption (column list, unnest casts and parameters), the SELECT of
 * GET /consumption, the COPY of seed:views (view-columns-sql.ts), and the API's view and the CSV
 * export (view-presentation.ts). A column dropped here is dropped from all of them at once.
 *
 * The order is the CSV's. The API nests each column under its `api` path, objects taking their keys
 * in order of first appearance, which gives the API's field order (ViewDto's).
 *
 * The TypeORM entity (view.entity.ts) still declares the table, for migrations; view-columns.spec.ts
 * checks that both name the same columns with the same types. Two columns of `views` are not
 * here, being no part of a view: key_id (one per batch, the provider key that recorded it) and
 * recorded_at (a database default).
 */
import type { ViewRow } from '../domain/view-row.js';

/** How a column is written (unnest casts, COPY) and read back. */
export type ViewColumnType = 'bigint' | 'text' | 'float8' | 'timestamptz' | 'text[]' | 'float8?' | 'text?';

/** What node-postgres reads for each type (a bigint as a string: it may not fit a double). */
export interface StoredValue {
  bigint: string;
  text: string;
  float8: number;
  timestamptz: Date;
  'text[]': string[];
  /** Nullable columns (a view's carbon receipt, absent when the view named no region). */
  'float8?': number | null;
  'text?': string | null;
}

interface ColumnOfType<T extends ViewColumnType> {
  /** The column of `views`. */
  name: string;
  type: T;
  /** Its value in a view being stored; none for `id`, which the database assigns. */
  write?: (view: ViewRow) => StoredValue[T];
  /** Where the API's view shows it (dotted path); none when the API leaves it out. */
  api?: string;
  /** Its header in the CSV export; none when the export leaves it out. */
  csv?: string;
}

export type ViewColumn = { [T in ViewColumnType]: ColumnOfType<T> }[ViewColumnType];

export const VIEW_COLUMNS = [
  { name: 'id', type: 'bigint', api: 'id', csv: 'id' },
  { name: 'client_id', type: 'text', write: (view) => view.clientId, api: 'clientId', csv: 'clientId' },
  { name: 'video_id', type: 'text', write: (view) => view.videoId, api: 'videoId', csv: 'videoId' },
  {
    name: 'started_at',
    type: 'timestamptz',
    write: (view) => view.startedAt,
    api: 'startedAt',
    csv: 'startedAt',
  },
  {
    name: 'duration_minutes',
    type: 'float8',
    write: (view) => view.durationMinutes,
    api: 'durationMinutes',
    csv: 'durationMinutes',
  },
  {
    name: 'resolution',
    type: 'text',
    write: (view) => view.resolution,
    api: 'resolution',
    csv: 'resolution',
  },
  { name: 'device', type: 'text', write: (view) => view.device, api: 'device', csv: 'device' },
  {
    name: 'connection',
    type: 'text',
    write: (view) => view.connection,
    api: 'connection',
    csv: 'connection',
  },
  {
    name: 'viewer_country',
    type: 'text',
    write: (view) => view.viewerCountry,
    api: 'viewerCountry',
    csv: 'viewerCountry',
  },
  { name: 'region', type: 'text', write: (view) => view.region, api: 'region', csv: 'region' },
  { name: 'provider', type: 'text', write: (view) => view.provider, api: 'provider' },
  { name: 'model', type: 'text', write: (view) => view.model, api: 'model', csv: 'model' },
  {
    name: 'data_volume_gb',
    type: 'float8',
    write: (view) => view.dataVolumeGb,
    api: 'dataVolumeGb',
    csv: 'dataVolumeGb',
  },
  {
    name: 'energy_data_centre_kwh',
    type: 'float8',
    write: (view) => view.energyKwh.dataCentre,
    api: 'energyKwh.dataCentre',
    csv: 'energyKwhDataCentre',
  },
  {
    name: 'energy_network_kwh',
    type: 'float8',
    write: (view) => view.energyKwh.network,
    api: 'energyKwh.network',
    csv: 'energyKwhNetwork',
  },
  {
    name: 'energy_device_kwh',
    type: 'float8',
    write: (view) => view.energyKwh.device,
    api: 'energyKwh.device',
    csv: 'energyKwhDevice',
  },
  {
    name: 'energy_embodied_kwh',
    type: 'float8',
    write: (view) => view.energyKwh.embodied,
    api: 'energyKwh.embodied',
    csv: 'energyKwhEmbodied',
  },
  {
    name: 'energy_total_kwh',
    type: 'float8',
    write: (view) => view.energyKwh.total,
    api: 'energyKwh.total',
    csv: 'energyKwhTotal',
  },
  {
    name: 'emissions_data_centre_g',
    type: 'float8',
    write: (view) => view.emissionsG.dataCentre,
    api: 'emissionsG.dataCentre',
    csv: 'emissionsGDataCentre',
  },
  {
    name: 'emissions_network_g',
    type: 'float8',
    write: (view) => view.emissionsG.network,
    api: 'emissionsG.network',
    csv: 'emissionsGNetwork',
  },
  {
    name: 'emissions_device_g',
    type: 'float8',
    write: (view) => view.emissionsG.device,
    api: 'emissionsG.device',
    csv: 'emissionsGDevice',
  },
  {
    name: 'emissions_embodied_g',
    type: 'float8',
    write: (view) => view.emissionsG.embodied,
    api: 'emissionsG.embodied',
    csv: 'emissionsGEmbodied',
  },
  {
    name: 'emissions_total_g',
    type: 'float8',
    write: (view) => view.emissionsG.total,
    api: 'emissionsG.total',
    csv: 'emissionsGTotal',
  },
  {
    name: 'data_centre_zone',
    type: 'text',
    write: (view) => view.dataCentreZone,
    api: 'intensity.dataCentre.zone',
    csv: 'dataCentreZone',
  },
  {
    name: 'viewer_zone',
    type: 'text',
    write: (view) => view.viewerZone,
    api: 'intensity.viewer.zone',
    csv: 'viewerZone',
  },
  {
    name: 'data_centre_g_co2e_per_kwh',
    type: 'float8',
    write: (view) => view.dataCentreGCo2ePerKwh,
    api: 'intensity.dataCentre.gCo2ePerKwh',
    csv: 'dataCentreGCo2ePerKwh',
  },
  {
    name: 'viewer_g_co2e_per_kwh',
    type: 'float8',
    write: (view) => view.viewerGCo2ePerKwh,
    api: 'intensity.viewer.gCo2ePerKwh',
    csv: 'viewerGCo2ePerKwh',
  },
  {
    name: 'data_centre_sources',
    type: 'text[]',
    write: (view) => view.dataCentreSources,
    api: 'intensity.dataCentre.sources',
    csv: 'dataCentreSources',
  },
  {
    name: 'viewer_sources',
    type: 'text[]',
    write: (view) => view.viewerSources,
    api: 'intensity.viewer.sources',
    csv: 'viewerSources',
  },
  {
    name: 'avoided_g',
    type: 'float8?',
    write: (view) => view.receipt?.avoidedG ?? null,
    api: 'receipt.avoidedG',
    csv: 'avoidedG',
  },
  {
    name: 'baseline_region',
    type: 'text?',
    write: (view) => view.receipt?.baselineRegion ?? null,
    api: 'receipt.baselineRegion',
    csv: 'baselineRegion',
  },
] as const satisfies readonly ViewColumn[];

/** A stored view as node-postgres reads it: one property per declared column. */
export type StoredView = {
  [Column in (typeof VIEW_COLUMNS)[number] as Column['name']]: StoredValue[Column['type']];
};
