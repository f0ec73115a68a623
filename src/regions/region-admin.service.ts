import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError } from '../platform/kernel/errors.js';
import { REFERENCE_SOURCE, referenceIntensityOfZone } from '../geo/domain/reference-intensities.js';
import { GeoService } from '../geo/geo.service.js';
import { CatalogueService } from './catalogue.service.js';
import { assertChangesSomething, assertNoNull } from './domain/admin-changes.js';
import type { RegionAccess, RegionView } from './domain/catalogue.js';
import { CatalogueStore, RegionRowChanges } from './persistence/catalogue.store.js';
import { RegionsService } from './regions.service.js';

/** A region as POST /regions adds it; what is left out takes the defaults below. */
export interface NewRegion {
  provider: string;
  code: string;
  displayName: string;
  city: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  zone: string;
  referenceIntensityGPerKwh?: number;
  referenceIntensitySource?: string;
  pue?: number;
  access?: RegionAccess;
  egressUsdPerGb?: number;
  egressPriceSource?: string;
  originUrlTemplate?: string;
  enabled?: boolean;
}

/** What PATCH /regions/:id may change; null clears the optional overrides. */
export interface RegionChanges {
  displayName?: string;
  city?: string;
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  zone?: string;
  referenceIntensityGPerKwh?: number;
  referenceIntensitySource?: string;
  pue?: number | null;
  access?: RegionAccess;
  egressUsdPerGb?: number | null;
  egressPriceSource?: string | null;
  originUrlTemplate?: string | null;
  enabled?: boolean;
}

const SET_BY_ADMIN = 'set by an administrator';

/** Admin writes to regions: to SQL, then a reload of the catalogue, whose copy the answer comes from. */
@Injectable()
export class RegionAdminService {
  constructor(
    private readonly store: CatalogueStore,
    private readonly catalogueService: CatalogueService,
    private readonly regionsService: RegionsService,
    private readonly geoService: GeoService,
  ) {}

  async createRegion(request: NewRegion): Promise<RegionView> {
    if (!this.catalogueService.current().providerById.has(request.provider)) {
      throw InvalidInputError.forField(
        'provider',
        `is not a known provider ('${request.provider}'); add it with POST /providers`,
      );
    }
    this.assertKnownCountry(request.countryCode);
    const reference = referenceIntensity(
      request.zone,
      request.referenceIntensityGPerKwh,
      request.referenceIntensitySource,
    );
    const id = `${request.provider}:${request.code}`;
    const isCreated = await this.store.insertRegion({
      id,
      providerId: request.provider,
      code: request.code,
      displayName: request.displayName,
      city: request.city,
      countryCode: request.countryCode,
      latitude: request.latitude,
      longitude: request.longitude,
      zone: request.zone,
      referenceIntensityGPerKwh: reference.value,
      referenceIntensitySource: reference.source,
      pue: request.pue ?? null,
      access: request.access ?? 'general',
      egressUsdPerGb: request.egressUsdPerGb ?? null,
      egressPriceSource:
        request.egressUsdPerGb === undefined ? null : (request.egressPriceSource ?? SET_BY_ADMIN),
      originUrlTemplate: request.originUrlTemplate ?? null,
      enabled: request.enabled ?? true,
    });
    if (!isCreated) throw new ConflictError(`Region '${id}' already exists`);
    await this.catalogueService.changed();
    return this.regionsService.getRegion(id);
  }

  async updateRegion(id: string, request: RegionChanges): Promise<RegionView> {
    assertNoNull(request, ['pue', 'egressUsdPerGb', 'egressPriceSource', 'originUrlTemplate']);
    const current = this.regionsService.getRegion(id);
    if (request.countryCode !== undefined) this.assertKnownCountry(request.countryCode);
    const changes: RegionRowChanges = { ...request };
    if (
      request.zone !== undefined &&
      request.zone !== current.zone &&
      request.referenceIntensityGPerKwh === undefined
    ) {
      // A new zone makes the old yearly average wrong: take the new zone's.
      const reference = referenceIntensity(request.zone, undefined, undefined);
      changes.referenceIntensityGPerKwh = reference.value;
      changes.referenceIntensitySource = reference.source;
    } else if (
      request.referenceIntensityGPerKwh !== undefined &&
      request.referenceIntensitySource === undefined
    ) {
      changes.referenceIntensitySource = SET_BY_ADMIN;
    }
    if (typeof request.egressUsdPerGb === 'number' && request.egressPriceSource === undefined) {
      changes.egressPriceSource = SET_BY_ADMIN;
    }
    if (request.egressUsdPerGb === null) changes.egressPriceSource = null;
    assertChangesSomething(changes);
    if (!(await this.store.updateRegion(id, changes))) throw new NotFoundError(`Unknown region '${id}'`);
    await this.catalogueService.changed();
    return this.regionsService.getRegion(id);
  }

  async deleteRegion(id: string): Promise<void> {
    if (!(await this.store.deleteRegion(id))) throw new NotFoundError(`Unknown region '${id}'`);
    await this.catalogueService.changed();
  }

  private assertKnownCountry(code: string): void {
    if (!this.geoService.findCountry(code))
      throw InvalidInputError.forField('countryCode', `is not a known country ('${code}')`);
  }
}

/** The value an admin gave, else the zone's yearly average; a zone without one needs a value. */
function referenceIntensity(
  zone: string,
  value: number | undefined,
  source: string | undefined,
): { value: number; source: string } {
  if (value !== undefined) return { value, source: source ?? SET_BY_ADMIN };
  const yearly = referenceIntensityOfZone(zone);
  if (yearly === undefined) {
    throw InvalidInputError.forField(
      'referenceIntensityGPerKwh',
      `is required: zone '${zone}' has no Electricity Maps yearly average`,
    );
  }
  return { value: yearly, source: REFERENCE_SOURCE };
}
