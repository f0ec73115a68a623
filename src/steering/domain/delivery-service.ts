/**
 * Delivery services and their origins (docs/STEERING.md#the-model): a service is what a VOD
 * provider streams through (e.g. `vod-main`); its origins are where the bytes can come from, each
 * in a catalogue region, each a pathway for HLS/DASH content steering. Pure.
 */
import type { CompiledUrlTemplate } from './url-template.js';

export interface OriginRecord {
  serviceId: string;
  id: string;
  /** Catalogue region id, e.g. `aws:eu-west-3`. */
  regionId: string;
  urlTemplate: string;
  /** HLS pathway id / DASH service location; unique within the service. */
  pathway: string;
  /** Concurrent live sessions it takes; null = unlimited. */
  capacity: number | null;
  /** Probed by the origin-health feature; null = not probed. */
  healthUrl: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryServiceRecord {
  id: string;
  name: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryService extends DeliveryServiceRecord {
  /** Sorted by id. */
  origins: readonly OriginRecord[];
}

/** An enabled origin ready for the hot path: its template compiled. */
export interface ActiveOrigin extends OriginRecord {
  compiled: CompiledUrlTemplate;
}

/** What the request path reads: every service by id, with its enabled origins compiled. */
export interface ServiceDirectory {
  /** Bumped at each reload: caches keyed on a service's origins check it. */
  readonly version: number;
  readonly services: ReadonlyMap<string, DeliveryService>;
  readonly activeOrigins: ReadonlyMap<string, readonly ActiveOrigin[]>;
  /** The enabled services' ids, sorted. */
  readonly enabledServiceIds: readonly string[];
}
