import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../platform/kernel/errors.js';
import { CatalogueService } from './catalogue.service.js';
import { assertChangesSomething, assertNoNull } from './domain/admin-changes.js';
import type { ProviderSummary } from './domain/catalogue.js';
import { CatalogueStore } from './persistence/catalogue.store.js';
import { RegionsService } from './regions.service.js';

/** A provider as POST /providers adds it. */
export interface NewProvider {
  id: string;
  name: string;
  pue: number;
  pueSource: string;
  defaultEgressUsdPerGb?: number;
  defaultEgressSource?: string;
}

/** What PATCH /providers/:id may change; the default egress price and its source may be cleared. */
export interface ProviderChanges {
  name?: string;
  pue?: number;
  pueSource?: string;
  defaultEgressUsdPerGb?: number | null;
  defaultEgressSource?: string | null;
}

/** Admin writes to providers: to SQL, then a reload of the catalogue, whose copy the answer comes from. */
@Injectable()
export class ProviderAdminService {
  constructor(
    private readonly store: CatalogueStore,
    private readonly catalogueService: CatalogueService,
    private readonly regionsService: RegionsService,
  ) {}

  async createProvider(request: NewProvider): Promise<ProviderSummary> {
    const isCreated = await this.store.insertProvider({
      id: request.id,
      name: request.name,
      pue: request.pue,
      pueSource: request.pueSource,
      defaultEgressUsdPerGb: request.defaultEgressUsdPerGb ?? null,
      defaultEgressSource: request.defaultEgressSource ?? null,
    });
    if (!isCreated) throw new ConflictError(`Provider '${request.id}' already exists`);
    await this.catalogueService.changed();
    return this.regionsService.getProvider(request.id);
  }

  async updateProvider(id: string, request: ProviderChanges): Promise<ProviderSummary> {
    assertNoNull(request, ['defaultEgressUsdPerGb', 'defaultEgressSource']);
    assertChangesSomething(request);
    if (!(await this.store.updateProvider(id, request))) throw new NotFoundError(`Unknown provider '${id}'`);
    await this.catalogueService.changed();
    return this.regionsService.getProvider(id);
  }
}
