import type { PgSessions } from '../../platform/database/pg-sessions.js';
import { ViewsBulkLoader, type BulkLoadOptions } from '../../consumption/persistence/views-bulk-loader.js';
import { MS_PER_DAY } from '../../platform/kernel/time.js';
import {
  COUNTRIES,
  generateViews,
  type GenerateOptions,
  type SyntheticCountry,
  type SyntheticRegion,
} from './generate-views.js';

export type LoadOptions = Omit<GenerateOptions, 'sliceSize'> &
  Pick<BulkLoadOptions, 'chunkSize' | 'onProgress' | 'onIndex'>;

/**
 * `npm run seed:views`: generates `count` synthetic views served from the enabled general regions
 * to the weighted countries, and bulk loads them (and their rollups) `chunkSize` at a time.
 */
export async function loadSyntheticViews(
  sessions: PgSessions,
  options: LoadOptions,
): Promise<{ loaded: number; seconds: number }> {
  // The reference data (regions and countries tables, filled by `npm run seed`) as it stands.
  const regions = (
    await sessions.query<SyntheticRegion>(
      `SELECT r.id, r.provider_id, r.zone, r.latitude, r.longitude, COALESCE(r.pue, p.pue) AS pue
       FROM regions r JOIN providers p ON p.id = r.provider_id
       WHERE r.enabled AND r.access = 'general' AND r.deleted_at IS NULL ORDER BY r.id`,
      [],
    )
  ).rows;
  const countries = (
    await sessions.query<SyntheticCountry>(
      `SELECT code, alpha3, default_zone, latitude, longitude FROM countries WHERE code = ANY($1) ORDER BY code`,
      [COUNTRIES.map(([code]) => code)],
    )
  ).rows;
  const views = generateViews(regions, countries, { ...options, sliceSize: options.chunkSize });
  return new ViewsBulkLoader(sessions).load(views, {
    count: options.count,
    chunkSize: options.chunkSize,
    from: new Date(options.now.getTime() - options.days * MS_PER_DAY),
    to: options.now,
    onProgress: options.onProgress,
    onIndex: options.onIndex,
  });
}
