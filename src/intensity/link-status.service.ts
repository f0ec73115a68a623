import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { AppConfig } from '../platform/config/env.schema.js';
import type { ElectricityMapsClient } from './adapters/electricity-maps/electricity-maps.client.js';
import type { BreakerState } from './adapters/electricity-maps/electricity-maps.types.js';
import { ELECTRICITY_MAPS_CLIENT } from './adapters/electricity-maps/electricity-maps.provider.js';
import { IntensityRefresherService, LINK_ROW } from './jobs/intensity-refresher.service.js';
import { IntensityStore } from './persistence/intensity.store.js';

export interface LinkStatus {
  /** `starting`: this process has not ended its first refresh cycle yet and has no recent data to go by. */
  link: 'active' | 'down' | 'starting' | 'not-configured';
  mode: 'live' | 'degraded' | 'reference';
  lastSuccessAt: string | null;
  lastSuccessAgeSeconds: number | null;
  lastError: { at: string; message: string } | null;
  upstreamHealth: 'ok' | 'failing' | 'unknown';
  circuitBreaker: string;
  entitledZones: string[];
}

/** The upstream's own /health is asked at most this often. */
const UPSTREAM_HEALTH_CACHE_MS = 10_000;

/**
 * Is the Electricity Maps link alive? Judged from what every instance recorded in the shared
 * table (the last refresh cycle that made calls, and how long ago data last arrived) and from the
 * upstream's own /health. A link is active when the last cycle got data, data arrived recently,
 * and the upstream says it is healthy.
 */
@Injectable()
export class LinkStatusService {
  private upstreamHealth: { ok: boolean; at: number } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ELECTRICITY_MAPS_CLIENT) private readonly client: ElectricityMapsClient,
    private readonly store: IntensityStore,
    private readonly refresher: IntensityRefresherService,
  ) {}

  /** The circuit breaker in front of Electricity Maps, now (read at scrape time by the metrics). */
  breakerState(): BreakerState {
    return this.client.status().breaker;
  }

  async status(now = new Date()): Promise<LinkStatus> {
    const breaker = this.client.status().breaker;
    if (this.config.electricityMapsApiToken === undefined) {
      return {
        link: 'not-configured',
        mode: 'reference',
        lastSuccessAt: null,
        lastSuccessAgeSeconds: null,
        lastError: null,
        upstreamHealth: 'unknown',
        circuitBreaker: breaker,
        entitledZones: [],
      };
    }
    const states = await this.store.refreshStates();
    const cycle = states.find((state) => state.zone === LINK_ROW && state.call === 'cycle');
    const zones = states.find((state) => state.zone === LINK_ROW && state.call === 'zones');
    const dataStates = states.filter((state) => state.zone !== LINK_ROW);
    const lastSuccess = maxDate(dataStates.map((state) => state.lastSuccessAt));
    const lastErrorState = dataStates
      .filter((state) => state.lastErrorAt !== null)
      .sort((a, b) => (b.lastErrorAt?.getTime() ?? 0) - (a.lastErrorAt?.getTime() ?? 0))[0];
    const isUpstreamHealthy = await this.isUpstreamHealthy();
    const freshnessMs = Math.max(2 * this.config.intensityRefreshSeconds * 1000, 60_000);
    const lastCycleGotData =
      cycle !== undefined &&
      cycle.lastSuccessAt !== null &&
      (cycle.lastErrorAt === null || cycle.lastSuccessAt >= cycle.lastErrorAt);
    const isDataRecent = lastSuccess !== null && now.getTime() - lastSuccess.getTime() <= freshnessMs;
    const isActive = lastCycleGotData && isDataRecent && isUpstreamHealthy !== false;
    const entitled = zones?.details?.entitledZones;
    // Until the first cycle of this process has ended, "not active" means "not known yet" (the
    // first calls are under way), not "down": health does not flap at boot.
    const isStarting = !isActive && !this.refresher.hasEndedFirstCycle();
    return {
      link: isActive ? 'active' : isStarting ? 'starting' : 'down',
      mode: isActive ? 'live' : 'degraded',
      lastSuccessAt: lastSuccess?.toISOString() ?? null,
      lastSuccessAgeSeconds: lastSuccess ? Math.floor((now.getTime() - lastSuccess.getTime()) / 1000) : null,
      lastError:
        lastErrorState?.lastErrorAt && lastErrorState.lastError
          ? {
              at: lastErrorState.lastErrorAt.toISOString(),
              message: `${lastErrorState.zone} ${lastErrorState.call}: ${lastErrorState.lastError}`,
            }
          : null,
      upstreamHealth: isUpstreamHealthy === undefined ? 'unknown' : isUpstreamHealthy ? 'ok' : 'failing',
      circuitBreaker: breaker,
      entitledZones: Array.isArray(entitled) ? (entitled as string[]) : [],
    };
  }

  private async isUpstreamHealthy(): Promise<boolean | undefined> {
    const cached = this.upstreamHealth;
    if (cached && Date.now() - cached.at < UPSTREAM_HEALTH_CACHE_MS) return cached.ok;
    const { ok } = await this.client.health();
    this.upstreamHealth = { ok, at: Date.now() };
    return ok;
  }
}

function maxDate(dates: (Date | null)[]): Date | null {
  let newest: Date | null = null;
  for (const date of dates) if (date && (!newest || date > newest)) newest = date;
  return newest;
}
