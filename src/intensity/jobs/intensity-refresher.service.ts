import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { CatalogueService } from '../../regions/catalogue.service.js';
import { CallBudget } from '../call-budget.js';
import type { ElectricityMapsClient } from '../adapters/electricity-maps/electricity-maps.client.js';
import { canRead } from '../adapters/electricity-maps/endpoints.js';
import { ELECTRICITY_MAPS_CLIENT } from '../adapters/electricity-maps/electricity-maps.provider.js';
import { IntensityFetcherService, IntensityCall } from '../intensity-fetcher.service.js';
import { IntensityService } from '../intensity.service.js';
import { IntensityStore, RefreshState } from '../persistence/intensity.store.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../platform/database/advisory-locks.js';
import { PeriodicJob } from '../../platform/jobs/periodic-job.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../platform/kernel/time.js';

/** A zone whose last call failed is tried again after this long (or the refresh period, if shorter). */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** Entitlements (`/zones`) and retention are looked at this often. */
const CHORES_EVERY_MS = MS_PER_HOUR;
const CONCURRENT_CALLS = 4;
export const LINK_ROW = '*';

type Call = IntensityCall;

interface DueCall {
  zone: string;
  call: Call;
  overdueMs: number;
}

export interface CycleResult {
  isLeader: boolean;
  calls: number;
  successes: number;
  failures: number;
  skippedForBudget: number;
}

/**
 * The background refresh of the catalogue's zones. Each tick, one instance (the holder of a
 * PostgreSQL advisory lock) makes the upstream calls that are due, judged from the shared
 * intensity_refresh_state table, so two instances never refresh one zone in one cycle; every
 * instance then reads the new rows into its snapshot. Calls stay within a budget per hour.
 */
@Injectable()
export class IntensityRefresherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntensityRefresherService.name);
  private readonly job: PeriodicJob;
  private isStopped = false;
  private lastZonesAt = 0;
  private lastRetentionAt = 0;
  private zoneAccess: Map<string, { access: string[] }> | undefined;
  readonly tickMs: number;
  private firstCycleEnded = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ELECTRICITY_MAPS_CLIENT) private readonly client: ElectricityMapsClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: IntensityStore,
    private readonly fetcher: IntensityFetcherService,
    private readonly intensity: IntensityService,
    private readonly catalogue: CatalogueService,
    private readonly budget: CallBudget,
  ) {
    this.tickMs = Math.min(60_000, Math.max(500, (config.intensityRefreshSeconds * 1000) / 3));
    this.job = new PeriodicJob(() => this.tick(), this.tickMs);
  }

  onApplicationBootstrap(): void {
    // Start-up does not wait for Electricity Maps: the first cycle runs in the background.
    this.job.start(0);
  }

  /** True once this process has ended its first refresh cycle (success or not). */
  hasEndedFirstCycle(): boolean {
    return this.firstCycleEnded;
  }

  /** Resolves when the refresh cycle under way, if any, has ended. */
  idle(): Promise<void> {
    return this.job.idle();
  }

  async onApplicationShutdown(): Promise<void> {
    this.isStopped = true;
    await this.job.stop();
    this.client.close();
  }

  /** One cycle: refresh (if this instance gets the lock), then read what any instance stored. */
  async tick(now = new Date()): Promise<CycleResult | undefined> {
    try {
      return await this.cycle(now);
    } finally {
      this.firstCycleEnded = true;
    }
  }

  private async cycle(now: Date): Promise<CycleResult | undefined> {
    try {
      let result: CycleResult | undefined;
      if (this.intensity.isConfigured()) result = await this.refreshIfLeader(now);
      await this.intensity.syncFromStore();
      return result;
    } catch (error) {
      if (!this.isStopped) this.logger.error({ err: error }, 'Intensity refresh cycle failed');
      return undefined;
    }
  }

  private async refreshIfLeader(now: Date): Promise<CycleResult> {
    const led = await withAdvisoryLock(
      this.dataSource,
      ADVISORY_LOCKS.intensityRefresh,
      { wait: false },
      async () => {
        await this.hourlyChores(now);
        return this.refreshDue(now);
      },
    );
    return led.acquired
      ? led.result
      : { isLeader: false, calls: 0, successes: 0, failures: 0, skippedForBudget: 0 };
  }

  /** Entitlements from `/zones`, and retention of old observations. */
  private async hourlyChores(now: Date): Promise<void> {
    // While some zone is refused, entitlements are read again at the refresh pace, so that a
    // plan upgrade (or a passing refusal) is noticed without a restart.
    const zonesEveryMs =
      this.client.status().notEntitled.length > 0
        ? Math.min(CHORES_EVERY_MS, 2 * this.config.intensityRefreshSeconds * 1000)
        : CHORES_EVERY_MS;
    if (now.getTime() - this.lastZonesAt >= zonesEveryMs || this.zoneAccess === undefined) {
      this.lastZonesAt = now.getTime();
      try {
        this.zoneAccess = await this.client.zones();
        const entitled = [...this.zoneAccess.keys()].sort();
        this.intensity.setEntitledZones(entitled);
        await this.store.recordAttempt(LINK_ROW, 'zones', now, undefined, { entitledZones: entitled });
      } catch (error) {
        await this.store.recordAttempt(
          LINK_ROW,
          'zones',
          now,
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    if (now.getTime() - this.lastRetentionAt >= CHORES_EVERY_MS) {
      this.lastRetentionAt = now.getTime();
      const deleted = await this.store.deleteOlderThan(
        new Date(now.getTime() - this.config.intensityRetentionDays * MS_PER_DAY),
      );
      if (deleted > 0) this.logger.log(`Retention: deleted ${deleted} intensity observations`);
    }
  }

  /** Which calls are due, most overdue first, judged from the shared table. */
  dueCalls(states: RefreshState[], now: Date): DueCall[] {
    const byKey = new Map(states.map((state) => [`${state.zone}|${state.call}`, state]));
    const refreshMs = this.config.intensityRefreshSeconds * 1000;
    const periods: Record<Call, number> = {
      // A latest value counts as live for INTENSITY_REFRESH_SECONDS: refresh it one tick (and one
      // call) before that, so that a zone does not drop out of `live` between two cycles.
      latest: Math.max(this.tickMs, refreshMs - this.tickMs - this.config.electricityMapsTimeoutMs),
      forecast: this.config.forecastRefreshSeconds * 1000,
      history: 24 * MS_PER_HOUR,
    };
    const due: DueCall[] = [];
    // Zones outside the catalogue that requests are using are kept fresh too (latest and
    // forecast; no history: their profile is not worth the calls).
    const onDemand = this.intensity.zonesInUse(now);
    for (const zone of [...this.catalogue.current().zones, ...onDemand]) {
      const calls: Call[] = onDemand.has(zone) ? ['latest', 'forecast'] : ['latest', 'forecast', 'history'];
      for (const call of calls) {
        if (!this.isEntitled(zone, call)) continue;
        const state = byKey.get(`${zone}|${call}`);
        const failed =
          state !== undefined && state.lastErrorAt !== null && state.lastErrorAt >= state.lastAttemptAt;
        const period = failed ? Math.min(periods[call], RETRY_AFTER_FAILURE_MS) : periods[call];
        const overdueMs = state
          ? now.getTime() - state.lastAttemptAt.getTime() - period
          : Number.MAX_SAFE_INTEGER;
        if (overdueMs >= 0) due.push({ zone, call, overdueMs });
      }
    }
    return due.sort((a, b) => b.overdueMs - a.overdueMs);
  }

  private isEntitled(zone: string, call: Call): boolean {
    if (this.zoneAccess === undefined) return true;
    return canRead(this.zoneAccess, zone, `carbon-intensity/${call}`);
  }

  private async refreshDue(now: Date): Promise<CycleResult> {
    const due = this.dueCalls(await this.store.refreshStates(), now);
    const result: CycleResult = { isLeader: true, calls: 0, successes: 0, failures: 0, skippedForBudget: 0 };
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (!this.budget.take()) {
          result.skippedForBudget += 1;
          continue;
        }
        result.calls += 1;
        if (await this.perform(next)) result.successes += 1;
        else result.failures += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_CALLS }, worker));
    if (result.skippedForBudget > 0) {
      this.logger.warn(`Call budget reached: ${result.skippedForBudget} refreshes postponed`);
    }
    if (result.calls > 0) {
      const error = result.successes === 0 ? `all ${result.calls} calls of the cycle failed` : undefined;
      await this.store.recordAttempt(LINK_ROW, 'cycle', now, error, {
        calls: result.calls,
        successes: result.successes,
        failures: result.failures,
      });
    }
    return result;
  }

  /** One upstream call: stored and recorded by the fetcher, then put in this instance's snapshot. */
  private async perform({ zone, call }: DueCall): Promise<boolean> {
    const outcome = await this.fetcher.fetchAndStore(zone, call);
    if (outcome.ok) this.intensity.absorb(outcome.observations);
    return outcome.ok;
  }
}
