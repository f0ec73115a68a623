import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { ProviderRecord, RegionRecord } from '../domain/catalogue.js';
import { ProviderEntity } from './provider.entity.js';
import { RegionEntity } from './region.entity.js';

/** A region as an admin creates it, every default resolved. */
export type RegionRow = Omit<RegionRecord, 'updatedAt'>;
/** The fields of a region an admin may change. */
export type RegionRowChanges = Partial<Omit<RegionRow, 'id' | 'providerId' | 'code'>>;
/** The fields of a provider an admin may change. */
export type ProviderRowChanges = Partial<Omit<ProviderRecord, 'id'>>;

/** Entity property → column, for the fields an admin may change. */
const REGION_COLUMNS: Record<keyof RegionRowChanges, string> = {
  displayName: 'display_name',
  city: 'city',
  countryCode: 'country_code',
  latitude: 'latitude',
  longitude: 'longitude',
  zone: 'zone',
  referenceIntensityGPerKwh: 'reference_intensity_g_per_kwh',
  referenceIntensitySource: 'reference_intensity_source',
  pue: 'pue',
  access: 'access',
  egressUsdPerGb: 'egress_usd_per_gb',
  egressPriceSource: 'egress_price_source',
  originUrlTemplate: 'origin_url_template',
  enabled: 'enabled',
};

const PROVIDER_COLUMNS: Record<keyof ProviderRowChanges, string> = {
  name: 'name',
  pue: 'pue',
  pueSource: 'pue_source',
  defaultEgressUsdPerGb: 'default_egress_usd_per_gb',
  defaultEgressSource: 'default_egress_source',
};

/**
 * The SQL of the providers and regions tables. Every admin write sets `admin_modified_at`, which
 * tells the seeder to leave the row alone.
 */
@Injectable()
export class CatalogueStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Providers, and the regions not deleted. */
  async load(): Promise<{ providers: ProviderRecord[]; regions: RegionRecord[] }> {
    const [providers, regions] = await Promise.all([
      this.dataSource.getRepository(ProviderEntity).find(),
      this.dataSource.getRepository(RegionEntity).find({ where: { deletedAt: IsNull() } }),
    ]);
    return { providers, regions };
  }

  /** False when a provider of that id exists. */
  async insertProvider(provider: ProviderRecord): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO providers (id, name, pue, pue_source, default_egress_usd_per_gb, default_egress_source, admin_modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        provider.id,
        provider.name,
        provider.pue,
        provider.pueSource,
        provider.defaultEgressUsdPerGb,
        provider.defaultEgressSource,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** False when no provider has that id. */
  async updateProvider(id: string, changes: ProviderRowChanges): Promise<boolean> {
    const assignments = setClause(changes, PROVIDER_COLUMNS);
    const rows = (await this.dataSource.query(
      `UPDATE providers SET ${assignments.sql}, admin_modified_at = now(), updated_at = now()
       WHERE id = $${assignments.values.length + 1} RETURNING id`,
      [...assignments.values, id],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  /**
   * False when a region of that id exists. A soft-deleted region of the same id is brought back
   * with the new values.
   */
  async insertRegion(region: RegionRow): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO regions (id, provider_id, code, display_name, city, country_code, latitude, longitude, zone,
         reference_intensity_g_per_kwh, reference_intensity_source, pue, access, egress_usd_per_gb,
         egress_price_source, origin_url_template, enabled, admin_modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, now())
       ON CONFLICT (id) DO UPDATE SET
         display_name = EXCLUDED.display_name, city = EXCLUDED.city, country_code = EXCLUDED.country_code,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, zone = EXCLUDED.zone,
         reference_intensity_g_per_kwh = EXCLUDED.reference_intensity_g_per_kwh,
         reference_intensity_source = EXCLUDED.reference_intensity_source, pue = EXCLUDED.pue,
         access = EXCLUDED.access, egress_usd_per_gb = EXCLUDED.egress_usd_per_gb,
         egress_price_source = EXCLUDED.egress_price_source, origin_url_template = EXCLUDED.origin_url_template,
         enabled = EXCLUDED.enabled, deleted_at = NULL, admin_modified_at = now(), updated_at = now()
       WHERE regions.deleted_at IS NOT NULL
       RETURNING id`,
      [
        region.id,
        region.providerId,
        region.code,
        region.displayName,
        region.city,
        region.countryCode,
        region.latitude,
        region.longitude,
        region.zone,
        region.referenceIntensityGPerKwh,
        region.referenceIntensitySource,
        region.pue,
        region.access,
        region.egressUsdPerGb,
        region.egressPriceSource,
        region.originUrlTemplate,
        region.enabled,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** False when no region of that id exists (or it is deleted). */
  async updateRegion(id: string, changes: RegionRowChanges): Promise<boolean> {
    const assignments = setClause(changes, REGION_COLUMNS);
    const rows = (await this.dataSource.query(
      `UPDATE regions SET ${assignments.sql}, admin_modified_at = now(), updated_at = now()
       WHERE id = $${assignments.values.length + 1} AND deleted_at IS NULL RETURNING id`,
      [...assignments.values, id],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  /** Soft delete, so that seeding does not bring the region back; false when none was there. */
  async deleteRegion(id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `UPDATE regions SET deleted_at = now(), admin_modified_at = now(), updated_at = now()
       WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id],
    )) as [unknown[], number];
    return rows[1] > 0;
  }
}

/**
 * `column = $n, …` for the fields given; only the names of the column map reach the SQL. The
 * caller has checked that at least one field changes.
 */
function setClause(changes: object, columns: Record<string, string>) {
  const entries = Object.entries(changes).filter(([key, value]) => value !== undefined && key in columns);
  return {
    sql: entries.map(([key], index) => `${columns[key]} = $${index + 1}`).join(', '),
    values: entries.map(([, value]) => value),
  };
}
