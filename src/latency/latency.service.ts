import { Injectable } from '@nestjs/common';
import type { MeasuredRtt } from './domain/ewma.js';
import { EMPTY_LATENCY_MATRIX, type LatencyMatrix } from './domain/latency-matrix.js';

/** A throughput a player reported on a steering manifest reload, queued for the aggregates. */
export interface ThroughputReport {
  viewerCountry: string;
  regionId: string;
  throughputBps: number;
  sessionId: string;
  serviceId: string;
  atMs: number;
}

/** Reports queued at most between two refreshes (more are dropped and counted). */
const QUEUE_CAPACITY = 50_000;

/**
 * What other features may ask of measured latency (docs/LATENCY.md), from memory: the measured
 * round trips in force (refreshed from PostgreSQL every LATENCY_REFRESH_MS by LatencyRefresher),
 * and a queue for the throughput players report on steering reloads (an array push: the request
 * path never waits on SQL).
 */
@Injectable()
export class LatencyService {
  private current: LatencyMatrix = EMPTY_LATENCY_MATRIX;
  private queue: ThroughputReport[] = [];
  private droppedReports = 0;

  /** The matrix in force; its `version` changes when a measured figure does. */
  matrix(): LatencyMatrix {
    return this.current;
  }

  /** The measured round trip that replaces the model for this viewer country and region, if any. */
  measured(viewerCountry: string, regionId: string): MeasuredRtt | undefined {
    return this.current.byCountry.get(viewerCountry)?.get(regionId);
  }

  /** Queues a player's throughput report; false when dropped (queue full). */
  offerThroughput(report: ThroughputReport): boolean {
    if (this.queue.length >= QUEUE_CAPACITY) {
      this.droppedReports++;
      return false;
    }
    this.queue.push(report);
    return true;
  }

  get droppedThroughputReports(): number {
    return this.droppedReports;
  }

  /** The queued reports, emptied (LatencyRefresher). */
  takeThroughputReports(): ThroughputReport[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }

  /** Replaces the matrix (LatencyRefresher, after each read of the shared aggregates). */
  replace(matrix: LatencyMatrix): void {
    this.current = matrix;
  }
}
