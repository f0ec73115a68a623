import { Injectable } from '@nestjs/common';
import type { HealthStatus } from './domain/health-state.js';
import type { StoredHealth } from './persistence/origin-health.store.js';

/** One origin's health as this instance last read it from the shared state. */
export interface OriginHealthView {
  serviceId: string;
  originId: string;
  status: HealthStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  transitions: number;
  heldUntil: string | null;
  lastRttMs: number | null;
  lastOutcome: string;
  lastProbeAt: string;
  changedAt: string;
  probedBy: string;
}

export interface OriginHealthSummary {
  /** This instance probes (it holds the leader lock). */
  isProber: boolean;
  /** When this instance last read the shared state; null before the first read. */
  readAt: string | null;
  up: number;
  down: number;
  origins: OriginHealthView[];
}

/**
 * What other features may ask of origin health (docs/LATENCY-AND-HEALTH.md#origin-health): whether
 * an origin is down, from memory (the prober job re-reads the shared state every probe interval).
 * An origin that was never probed, or has no health URL, is up.
 */
@Injectable()
export class OriginHealthService {
  private down = new Set<string>();
  private views: OriginHealthView[] = [];
  private readAtMs: number | null = null;
  private prober = false;

  isDown(serviceId: string, originId: string): boolean {
    return this.down.size > 0 && this.down.has(`${serviceId}\u0000${originId}`);
  }

  stateOf(serviceId: string, originId: string): OriginHealthView | undefined {
    return this.views.find((view) => view.serviceId === serviceId && view.originId === originId);
  }

  summary(): OriginHealthSummary {
    const down = this.views.filter((view) => view.status === 'down').length;
    return {
      isProber: this.prober,
      readAt: this.readAtMs === null ? null : new Date(this.readAtMs).toISOString(),
      up: this.views.length - down,
      down,
      origins: this.views,
    };
  }

  /** Replaces the view (the prober job, after each read of the shared state). */
  replace(states: readonly StoredHealth[], isProber: boolean, nowMs: number): void {
    this.views = states
      .map((state) => ({
        serviceId: state.serviceId,
        originId: state.originId,
        status: state.status,
        consecutiveFailures: state.consecutiveFailures,
        consecutiveSuccesses: state.consecutiveSuccesses,
        transitions: state.transitions,
        heldUntil: state.heldUntilMs === null ? null : new Date(state.heldUntilMs).toISOString(),
        lastRttMs: state.lastRttMs,
        lastOutcome: state.lastOutcome,
        lastProbeAt: new Date(state.lastProbeAtMs).toISOString(),
        changedAt: new Date(state.changedAtMs).toISOString(),
        probedBy: state.probedBy,
      }))
      .sort((a, b) => (a.serviceId + a.originId < b.serviceId + b.originId ? -1 : 1));
    this.down = new Set(
      states
        .filter((state) => state.status === 'down')
        .map((state) => `${state.serviceId}\u0000${state.originId}`),
    );
    this.prober = isProber;
    this.readAtMs = nowMs;
  }
}
