import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError } from '../platform/kernel/errors.js';
import { CatalogueService } from '../regions/catalogue.service.js';
import type { DeliveryService, OriginRecord } from './domain/delivery-service.js';
import { compileUrlTemplate } from './domain/url-template.js';
import { ServicesStore, type OriginRowChanges } from './persistence/services.store.js';
import { ServiceDirectoryStore } from './service-directory.store.js';
import { SessionTable } from './session-table.js';
import type { OriginDto, ServiceDto, ServiceListDto } from './contract/service.dto.js';
import { originDto, serviceDto } from './services-presentation.js';

export interface NewService {
  id: string;
  name: string;
  enabled?: boolean;
}

export interface ServiceChanges {
  name?: string;
  enabled?: boolean;
}

export interface NewOrigin {
  id: string;
  region: string;
  /** Default: the region's origin URL template, when it has one. */
  urlTemplate?: string;
  /** Default: the origin id. */
  pathway?: string;
  capacity?: number | null;
  healthUrl?: string | null;
  enabled?: boolean;
}

export interface OriginChanges {
  region?: string;
  urlTemplate?: string;
  pathway?: string;
  capacity?: number | null;
  healthUrl?: string | null;
  enabled?: boolean;
}

/**
 * Admin reads and writes of delivery services and origins (docs/STEERING.md#the-model): to SQL,
 * then a reload of the in-memory directory (here and, by notice, on every instance), from which
 * the answer is read.
 */
@Injectable()
export class ManageServicesOperation {
  constructor(
    private readonly store: ServicesStore,
    private readonly directory: ServiceDirectoryStore,
    private readonly catalogue: CatalogueService,
    private readonly sessions: SessionTable,
  ) {}

  listServices(): ServiceListDto {
    return { items: [...this.directory.current().services.values()].map((service) => this.dto(service)) };
  }

  getService(id: string): ServiceDto {
    return this.dto(this.findService(id));
  }

  private dto(service: DeliveryService): ServiceDto {
    return serviceDto(service, (origin) => this.sessions.liveSessions(origin.serviceId, origin.id));
  }

  private findService(id: string): DeliveryService {
    const service = this.directory.current().services.get(id);
    if (!service) throw new NotFoundError(`Unknown delivery service '${id}'`);
    return service;
  }

  async createService(request: NewService): Promise<ServiceDto> {
    const isCreated = await this.store.insertService({
      id: request.id,
      name: request.name,
      enabled: request.enabled ?? true,
    });
    if (!isCreated) throw new ConflictError(`Delivery service '${request.id}' already exists`);
    await this.directory.changed();
    return this.getService(request.id);
  }

  async updateService(id: string, request: ServiceChanges): Promise<ServiceDto> {
    assertNoNull(request);
    assertChangesSomething(request);
    if (!(await this.store.updateService(id, request)))
      throw new NotFoundError(`Unknown delivery service '${id}'`);
    await this.directory.changed();
    return this.getService(id);
  }

  async deleteService(id: string): Promise<void> {
    if (!(await this.store.deleteService(id))) throw new NotFoundError(`Unknown delivery service '${id}'`);
    await this.directory.changed();
  }

  async createOrigin(serviceId: string, request: NewOrigin): Promise<OriginDto> {
    this.findService(serviceId);
    const urlTemplate = request.urlTemplate ?? this.regionTemplate(request.region);
    this.assertKnownRegion(request.region);
    compileUrlTemplate(urlTemplate);
    const outcome = await this.store.insertOrigin({
      serviceId,
      id: request.id,
      regionId: request.region,
      urlTemplate,
      pathway: request.pathway ?? request.id,
      capacity: request.capacity ?? null,
      healthUrl: request.healthUrl ?? null,
      enabled: request.enabled ?? true,
    });
    if (outcome === 'unknown-service') throw new NotFoundError(`Unknown delivery service '${serviceId}'`);
    if (outcome === 'duplicate-id')
      throw new ConflictError(`Origin '${request.id}' already exists in service '${serviceId}'`);
    if (outcome === 'duplicate-pathway')
      throw new ConflictError(
        `Pathway '${request.pathway ?? request.id}' is already used by another origin of service '${serviceId}'`,
      );
    await this.directory.changed();
    return this.originAnswer(serviceId, request.id);
  }

  async updateOrigin(serviceId: string, id: string, request: OriginChanges): Promise<OriginDto> {
    assertNoNull(request, ['capacity', 'healthUrl']);
    assertChangesSomething(request);
    this.getOrigin(serviceId, id);
    if (request.region !== undefined) this.assertKnownRegion(request.region);
    if (request.urlTemplate !== undefined) compileUrlTemplate(request.urlTemplate);
    const changes: OriginRowChanges = {
      regionId: request.region,
      urlTemplate: request.urlTemplate,
      pathway: request.pathway,
      capacity: request.capacity,
      healthUrl: request.healthUrl,
      enabled: request.enabled,
    };
    const outcome = await this.store.updateOrigin(serviceId, id, changes);
    if (outcome === 'missing') throw new NotFoundError(`Unknown origin '${id}' of service '${serviceId}'`);
    if (outcome === 'duplicate-pathway')
      throw new ConflictError(
        `Pathway '${request.pathway}' is already used by another origin of service '${serviceId}'`,
      );
    await this.directory.changed();
    return this.originAnswer(serviceId, id);
  }

  async deleteOrigin(serviceId: string, id: string): Promise<void> {
    this.findService(serviceId);
    if (!(await this.store.deleteOrigin(serviceId, id)))
      throw new NotFoundError(`Unknown origin '${id}' of service '${serviceId}'`);
    await this.directory.changed();
  }

  private originAnswer(serviceId: string, id: string): OriginDto {
    return originDto(this.getOrigin(serviceId, id), this.sessions.liveSessions(serviceId, id));
  }

  private getOrigin(serviceId: string, id: string): OriginRecord {
    const origin = this.findService(serviceId).origins.find((candidate) => candidate.id === id);
    if (!origin) throw new NotFoundError(`Unknown origin '${id}' of service '${serviceId}'`);
    return origin;
  }

  private assertKnownRegion(regionId: string): void {
    if (!this.catalogue.current().regionById.has(regionId))
      throw InvalidInputError.forField(
        'region',
        `is not a catalogue region ('${regionId}'); see GET /regions`,
      );
  }

  private regionTemplate(regionId: string): string {
    this.assertKnownRegion(regionId);
    const template = this.catalogue.current().regionById.get(regionId)?.originUrlTemplate;
    if (template === null || template === undefined)
      throw InvalidInputError.forField(
        'urlTemplate',
        `is required: region '${regionId}' has no origin URL template of its own`,
      );
    return template;
  }
}

function assertNoNull(changes: object, clearable: readonly string[] = []): void {
  const errors = Object.entries(changes)
    .filter(([field, value]) => value === null && !clearable.includes(field))
    .map(([field]) => ({ field, message: 'must not be null' }));
  if (errors.length > 0)
    throw new InvalidInputError(`Invalid request: ${errors.map((error) => error.field).join(', ')}`, errors);
}

function assertChangesSomething(changes: object): void {
  if (Object.values(changes).every((value) => value === undefined))
    throw new InvalidInputError('The body changes no field', [
      { field: 'body', message: 'must change at least one field' },
    ]);
}
