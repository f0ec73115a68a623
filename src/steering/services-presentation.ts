import type { DeliveryService, OriginRecord } from './domain/delivery-service.js';
import type { OriginDto, ServiceDto } from './contract/service.dto.js';

/** Services and origins as the admin routes answer them. */
export function serviceDto(
  service: DeliveryService,
  liveSessions: (origin: OriginRecord) => number,
): ServiceDto {
  return {
    id: service.id,
    name: service.name,
    enabled: service.enabled,
    origins: service.origins.map((origin) => originDto(origin, liveSessions(origin))),
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

export function originDto(origin: OriginRecord, liveSessions: number): OriginDto {
  return {
    id: origin.id,
    region: origin.regionId,
    urlTemplate: origin.urlTemplate,
    pathway: origin.pathway,
    capacity: origin.capacity,
    healthUrl: origin.healthUrl,
    enabled: origin.enabled,
    liveSessions,
    createdAt: origin.createdAt.toISOString(),
    updatedAt: origin.updatedAt.toISOString(),
  };
}
