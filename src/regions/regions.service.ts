import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../platform/kernel/errors.js';
import { CatalogueService } from './catalogue.service.js';
import {
  Page,
  ProviderSummary,
  providerSummaries,
  queryRegions,
  RegionPageQuery,
  RegionView,
} from './domain/catalogue.js';

/** Catalogue reads, served from the copy in memory. */
@Injectable()
export class RegionsService {
  constructor(private readonly catalogueService: CatalogueService) {}

  listProviders(): ProviderSummary[] {
    return providerSummaries(this.catalogueService.current());
  }

  getProvider(id: string): ProviderSummary {
    const provider = this.listProviders().find((candidate) => candidate.id === id);
    if (!provider) throw new NotFoundError(`Unknown provider '${id}'`);
    return provider;
  }

  listRegions(query: RegionPageQuery): Page<RegionView> {
    const { limit, offset, ...filter } = query;
    return queryRegions(this.catalogueService.current(), filter, limit, offset);
  }

  getRegion(id: string): RegionView {
    const region = this.catalogueService.current().regionById.get(id);
    if (!region) throw new NotFoundError(`Unknown region '${id}'`);
    return region;
  }
}
