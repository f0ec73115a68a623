import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../platform/kernel/errors.js';
import { GeoService } from '../geo/geo.service.js';
import { REFERENCE_SOURCE, referenceIntensityOfZone } from '../geo/domain/reference-intensities.js';
import { CatalogueService } from './catalogue.service.js';
import { Page, queryRegions, RegionView } from './domain/catalogue.js';
import { ProviderDto } from './http/region.dto.js';
import { RegionsQuery } from './http/regions-query.dto.js';
import {
  CreateProviderRequest,
  CreateRegionRequest,
  UpdateProviderRequest,
  UpdateRegionRequest,
} from './http/region-write.dto.js';

/** Entity property → column, for the fields an admin may change. */
const REGION_COLUMNS: Record<string, string> = {
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

const PROVIDER_COLUMNS: Record<string, string> = {
  name: 'name',
  pue: 'pue',
  pueSource: 'pue_source',
  defaultEgressUsdPerGb: 'default_egress_usd_per_gb',
  defaultEgressSource: 'default_egress_source',
};

/**
 * Catalogue reads (from memory) and admin writes (to SQL, then a reload). Every admin write sets
 * `admin_modified_at`, which tells the seeder to leave the row alone.
 */
@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogueService: CatalogueService,
    private readonly geoService: GeoService,
  ) {}

  listProviders(): ProviderDto[] {
    const catalogue = this.catalogueService.current();
    const counts = new Map<string, number>();
    for (const region of catalogue.regions)
      counts.set(region.provider, (counts.get(region.provider) ?? 0) + 1);
    return catalogue.providers.map((provider) => ({
      ...provider,
      regionCount: counts.get(provider.id) ?? 0,
    }));
  }

  listRegions(query: RegionsQuery): Page<RegionView> {
    const { limit, offset, ...filter } = query;
    return queryRegions(this.catalogueService.current(), filter, limit, offset);
  }

  getRegion(id: string): RegionView {
    const region = this.catalogueService.current().regionById.get(id);
    if (!region) throw new NotFoundError(`Unknown region '${id}'`);
    return region;
  }

  async createProvider(request: CreateProviderRequest): Promise<ProviderDto> {
    const rows = (await this.dataSource.query(
      `INSERT INTO providers (id, name, pue, pue_source, default_egress_usd_per_gb, default_egress_source, admin_modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        request.id,
        request.name,
        request.pue,
        request.pueSource,
        request.defaultEgressUsdPerGb ?? null,
        request.defaultEgressSource ?? null,
      ],
    )) as unknown[];
    if (rows.length === 0) throw new ConflictError(`Provider '${request.id}' already exists`);
    await this.catalogueService.changed();
    return this.getProvider(request.id);
  }

  async updateProvider(id: string, request: UpdateProviderRequest): Promise<ProviderDto> {
    assertNoNull(request, ['defaultEgressUsdPerGb', 'defaultEgressSource']);
    const assignments = this.assignments(request, PROVIDER_COLUMNS);
    const rows = (await this.dataSource.query(
      `UPDATE providers SET ${assignments.sql}, admin_modified_at = now(), updated_at = now()
       WHERE id = $${assignments.values.length + 1} RETURNING id`,
      [...assignments.values, id],
    )) as [unknown[], number];
    if (rows[1] === 0) throw new NotFoundError(`Unknown provider '${id}'`);
    await this.catalogueService.changed();
    return this.getProvider(id);
  }

  async createRegion(request: CreateRegionRequest): Promise<RegionView> {
    if (!this.catalogueService.current().providerById.has(request.provider)) {
      throw InvalidInputError.forField(
        'provider',
        `is not a known provider ('${request.provider}'); add it with POST /providers`,
      );
    }
    this.assertKnownCountry(request.countryCode);
    const reference = this.referenceIntensity(
      request.zone,
      request.referenceIntensityGPerKwh,
      request.referenceIntensitySource,
    );
    const id = `${request.provider}:${request.code}`;
    // A soft-deleted region of the same id is brought back with the new values.
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
        id,
        request.provider,
        request.code,
        request.displayName,
        request.city,
        request.countryCode,
        request.latitude,
        request.longitude,
        request.zone,
        reference.value,
        reference.source,
        request.pue ?? null,
        request.access ?? 'general',
        request.egressUsdPerGb ?? null,
        request.egressUsdPerGb === undefined
          ? null
          : (request.egressPriceSource ?? 'set by an administrator'),
        request.originUrlTemplate ?? null,
        request.enabled ?? true,
      ],
    )) as unknown[];
    if (rows.length === 0) throw new ConflictError(`Region '${id}' already exists`);
    await this.catalogueService.changed();
    return this.getRegion(id);
  }

  async updateRegion(id: string, request: UpdateRegionRequest): Promise<RegionView> {
    assertNoNull(request, ['pue', 'egressUsdPerGb', 'egressPriceSource', 'originUrlTemplate']);
    const current = this.getRegion(id);
    if (request.countryCode !== undefined) this.assertKnownCountry(request.countryCode);
    const changes: Record<string, unknown> = { ...request };
    if (
      request.zone !== undefined &&
      request.zone !== current.zone &&
      request.referenceIntensityGPerKwh === undefined
    ) {
      // A new zone makes the old yearly average wrong: take the new zone's.
      const reference = this.referenceIntensity(request.zone, undefined, undefined);
      changes.referenceIntensityGPerKwh = reference.value;
      changes.referenceIntensitySource = reference.source;
    } else if (
      request.referenceIntensityGPerKwh !== undefined &&
      request.referenceIntensitySource === undefined
    ) {
      changes.referenceIntensitySource = 'set by an administrator';
    }
    if (typeof request.egressUsdPerGb === 'number' && request.egressPriceSource === undefined) {
      changes.egressPriceSource = 'set by an administrator';
    }
    if (request.egressUsdPerGb === null) changes.egressPriceSource = null;
    const assignments = this.assignments(changes, REGION_COLUMNS);
    const rows = (await this.dataSource.query(
      `UPDATE regions SET ${assignments.sql}, admin_modified_at = now(), updated_at = now()
       WHERE id = $${assignments.values.length + 1} AND deleted_at IS NULL RETURNING id`,
      [...assignments.values, id],
    )) as [unknown[], number];
    if (rows[1] === 0) throw new NotFoundError(`Unknown region '${id}'`);
    await this.catalogueService.changed();
    return this.getRegion(id);
  }

  async deleteRegion(id: string): Promise<void> {
    const rows = (await this.dataSource.query(
      `UPDATE regions SET deleted_at = now(), admin_modified_at = now(), updated_at = now()
       WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id],
    )) as [unknown[], number];
    if (rows[1] === 0) throw new NotFoundError(`Unknown region '${id}'`);
    await this.catalogueService.changed();
  }

  private getProvider(id: string): ProviderDto {
    const provider = this.listProviders().find((candidate) => candidate.id === id);
    if (!provider) throw new NotFoundError(`Unknown provider '${id}'`);
    return provider;
  }

  private assertKnownCountry(code: string): void {
    if (!this.geoService.findCountry(code))
      throw InvalidInputError.forField('countryCode', `is not a known country ('${code}')`);
  }

  private referenceIntensity(zone: string, value: number | undefined, source: string | undefined) {
    if (value !== undefined) return { value, source: source ?? 'set by an administrator' };
    const yearly = referenceIntensityOfZone(zone);
    if (yearly === undefined) {
      throw InvalidInputError.forField(
        'referenceIntensityGPerKwh',
        `is required: zone '${zone}' has no Electricity Maps yearly average`,
      );
    }
    return { value: yearly, source: REFERENCE_SOURCE };
  }

  private assignments(changes: object, columns: Record<string, string>) {
    const entries = Object.entries(changes).filter(([key, value]) => value !== undefined && key in columns);
    if (entries.length === 0)
      throw new InvalidInputError('The body changes no field', [
        { field: 'body', message: 'must change at least one field' },
      ]);
    return {
      sql: entries.map(([key], index) => `${columns[key]} = $${index + 1}`).join(', '),
      values: entries.map(([, value]) => value),
    };
  }
}

/**
 * A PATCH may clear an optional override with null (validation lets null through for every
 * optional field); any other field set to null is a bad request, not a NOT NULL violation.
 */
function assertNoNull(changes: object, clearable: string[]): void {
  const errors = Object.entries(changes)
    .filter(([field, value]) => value === null && !clearable.includes(field))
    .map(([field]) => ({ field, message: 'must not be null' }));
  if (errors.length > 0)
    throw new InvalidInputError(`Invalid request: ${errors.map((e) => e.field).join(', ')}`, errors);
}
