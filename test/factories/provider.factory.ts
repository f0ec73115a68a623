import type { ProviderRecord } from '../../src/regions/domain/catalogue.js';
import type { CreateProviderRequest } from '../../src/regions/http/region-write.dto.js';

/** A provider row as the catalogue is built from (AWS, with its PUE and default egress price). */
export function providerRecord(overrides: Partial<ProviderRecord> = {}): ProviderRecord {
  return {
    id: 'aws',
    name: 'Amazon Web Services',
    pue: 1.14,
    pueSource: 'Amazon 2025',
    defaultEgressUsdPerGb: 0.09,
    defaultEgressSource: 'AWS first tier',
    ...overrides,
  };
}

/** The body of POST /providers for a provider the seeds do not have (OVHcloud). */
export function createProviderBody(overrides: Partial<CreateProviderRequest> = {}): CreateProviderRequest {
  return { id: 'ovhcloud', name: 'OVHcloud', pue: 1.26, pueSource: 'OVHcloud 2025 report', ...overrides };
}
