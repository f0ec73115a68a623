import type {
  ActiveOrigin,
  DeliveryService,
  DeliveryServiceRecord,
  OriginRecord,
  ServiceDirectory,
} from './delivery-service.js';
import { compileUrlTemplate } from './url-template.js';

/**
 * The directory the request path reads, from the rows. An origin whose template does not compile
 * (written around the API) is left out of the active origins and reported. Pure.
 */
export function buildServiceDirectory(
  services: readonly DeliveryServiceRecord[],
  origins: readonly OriginRecord[],
  version: number,
): { directory: ServiceDirectory; unusable: { origin: OriginRecord; problem: string }[] } {
  const byService = new Map<string, OriginRecord[]>();
  for (const origin of origins) {
    const list = byService.get(origin.serviceId) ?? [];
    list.push(origin);
    byService.set(origin.serviceId, list);
  }
  const unusable: { origin: OriginRecord; problem: string }[] = [];
  const serviceMap = new Map<string, DeliveryService>();
  const activeOrigins = new Map<string, ActiveOrigin[]>();
  for (const service of services) {
    const list = (byService.get(service.id) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    serviceMap.set(service.id, { ...service, origins: list });
    const active: ActiveOrigin[] = [];
    for (const origin of list) {
      if (!origin.enabled) continue;
      try {
        active.push({ ...origin, compiled: compileUrlTemplate(origin.urlTemplate) });
      } catch (error) {
        unusable.push({ origin, problem: (error as Error).message });
      }
    }
    activeOrigins.set(service.id, active);
  }
  const enabledServiceIds = services
    .filter((service) => service.enabled)
    .map((service) => service.id)
    .sort();
  return { directory: { version, services: serviceMap, activeOrigins, enabledServiceIds }, unusable };
}
