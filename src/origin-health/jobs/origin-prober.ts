import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { ADVISORY_LOCKS } from '../../platform/database/advisory-locks.js';
import { LeaderLease } from '../../platform/database/leader-lease.js';
import { EventBus } from '../../platform/events/event-bus.js';
import { probe } from '../adapters/http-probe.js';
import { HealthRules, initialHealth, nextHealth } from '../domain/health-state.js';
import { OriginHealthService } from '../origin-health.service.js';
import { ORIGIN_PROBED } from '../origin-health.events.js';
import { OriginHealthStore, StoredHealth } from '../persistence/origin-health.store.js';
import { ThrottledWarning } from '../../platform/logging/throttled-warning.js';

/**
 * The probe cycle (docs/LATENCY-AND-HEALTH.md#origin-health), at a fixed rate of one per
 * ORIGIN_PROBE_INTERVAL_MS on every instance: the instance holding the leader lock probes every
 * origin at once (each with ORIGIN_PROBE_TIMEOUT_MS), moves each origin's state on from the shared
 * one and writes it back; then every instance re-reads the shared state into memory. Off the
 * request path; a database outage keeps the last state in memory.
 */
@Injectable()
export class OriginProber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OriginProber.name);
  private readonly lease: LeaderLease;
  private readonly rules: HealthRules;
  private readonly timeoutMs: number;
  private readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly failures = new ThrottledWarning(this.logger);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly store: OriginHealthStore,
    private readonly health: OriginHealthService,
    private readonly events: EventBus,
  ) {
    this.lease = new LeaderLease(dataSource, ADVISORY_LOCKS.originProbeLeader);
    this.rules = {
      downAfter: config.originDownAfter,
      upAfter: config.originUpAfter,
      intervalMs: config.originProbeIntervalMs,
      maxHoldMs: config.originMaxHoldMs,
    };
    // A probe never outlives its cycle.
    this.timeoutMs = Math.min(config.originProbeTimeoutMs, config.originProbeIntervalMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.runNow();
    this.schedule(performance.now());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.lease.release();
  }

  /** One cycle now, or the one under way (tests call it to skip the wait). */
  runNow(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Fixed rate: a slow cycle (probes timing out) does not push the next ones back. */
  private schedule(startedAt: number): void {
    if (this.stopped) return;
    const next = startedAt + this.rules.intervalMs;
    this.timer = setTimeout(
      () => {
        const at = performance.now();
        void this.runNow().then(() => this.schedule(Math.max(next, at)));
      },
      Math.max(0, next - performance.now()),
    );
    this.timer.unref();
  }

  private async cycle(): Promise<void> {
    try {
      const isLeader = await this.lease.hold();
      if (isLeader) await this.probeAll();
      this.health.replace(await this.store.load(), isLeader, Date.now());
    } catch (error) {
      this.failures.warn({ error: (error as Error).message }, 'Origin health not refreshed; will retry');
    }
  }

  private async probeAll(): Promise<void> {
    const [targets, stored] = await Promise.all([this.store.targets(), this.store.load()]);
    if (targets.length === 0) return;
    const previous = new Map(stored.map((state) => [`${state.serviceId}\u0000${state.originId}`, state]));
    const outcomes = await Promise.all(targets.map((target) => probe(target.healthUrl, this.timeoutMs)));
    const nowMs = Date.now();
    const next: StoredHealth[] = targets.map((target, index) => {
      const before = previous.get(`${target.serviceId}\u0000${target.originId}`) ?? initialHealth(nowMs);
      const state = nextHealth(before, outcomes[index], nowMs, this.rules);
      if (state.status !== before.status) {
        this.logger.warn(
          { service: target.serviceId, origin: target.originId, outcome: state.lastOutcome },
          `Origin ${target.serviceId}/${target.originId} is ${state.status}`,
        );
      }
      this.events.emit(ORIGIN_PROBED, {
        serviceId: target.serviceId,
        originId: target.originId,
        ok: outcomes[index].ok,
        rttMs: outcomes[index].rttMs,
      });
      return { ...state, serviceId: target.serviceId, originId: target.originId, probedBy: this.instanceId };
    });
    await this.store.save(next);
  }
}
