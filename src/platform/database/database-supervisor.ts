import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { flushLogs } from '../logging/logging.js';
import { METRIC_PREFIX, MetricsService } from '../metrics/metrics.service.js';
import type { RunningDatabase } from './embedded-postgres.js';
import { pgPool } from './pg-sessions.js';

export const RUNNING_DATABASE = Symbol('RUNNING_DATABASE');

/**
 * - `up`: the last probe answered;
 * - `down`: probes fail (an external database, or an embedded one whose postmaster still runs,
 *   e.g. in crash recovery): probed again with back-off;
 * - `restarting`: the embedded postmaster is gone and is being started again;
 * - `failed`: DATABASE_RESTART_ATTEMPTS restarts in a row failed: only a restart of the process
 *   can help, and /health/live says so (restarts are still tried, at the longest back-off).
 */
export type DatabaseState = 'up' | 'down' | 'restarting' | 'failed';
export const DATABASE_STATES: readonly DatabaseState[] = ['up', 'down', 'restarting', 'failed'];

/** A probe that takes longer counts as failed. */
const PROBE_TIMEOUT_MS = 2_000;
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

/**
 * Watches the database and heals what can be healed without restarting the process
 * (docs/OPERATIONS.md#crashes-and-recovery): it probes it (`SELECT 1` on the pool) every
 * DATABASE_PROBE_INTERVAL_MS, and at once when a pooled connection breaks or the embedded
 * postmaster exits; while it is down it probes with back-off (0.5 s doubling to 10 s) and, when
 * the embedded postmaster is gone, starts it again on the same port. Every change of state is
 * logged and counted (greenstream_database_*).
 */
@Injectable()
export class DatabaseSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DatabaseSupervisor');
  private current: DatabaseState = 'up';
  private downSinceMs: number | undefined;
  private failedRestarts = 0;
  private failedChecks = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private isStopped = true;
  private readonly outages = new Counter({
    name: `${METRIC_PREFIX}database_outages_total`,
    help: 'Times the database became unreachable',
    registers: [],
  });
  private readonly recoveries = new Counter({
    name: `${METRIC_PREFIX}database_recoveries_total`,
    help: 'Times the database was reachable again after an outage, without a restart of the process',
    registers: [],
  });
  private readonly restarts = new Counter({
    name: `${METRIC_PREFIX}database_restarts_total`,
    help: 'Restarts of the embedded PostgreSQL after it died, by outcome (success, failure)',
    labelNames: ['outcome'],
    registers: [],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNNING_DATABASE) private readonly database: RunningDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    const state = () => this.current;
    metrics.register(
      new Gauge({
        name: `${METRIC_PREFIX}database_up`,
        help: '1 while the database answers, else 0',
        registers: [],
        collect() {
          this.set(state() === 'up' ? 1 : 0);
        },
      }),
    );
    metrics.register(
      new Gauge({
        name: `${METRIC_PREFIX}database_state`,
        help: 'The database as the service sees it: 1 for the current state (up, down, restarting, failed)',
        labelNames: ['state'],
        registers: [],
        collect() {
          for (const name of DATABASE_STATES) this.set({ state: name }, name === state() ? 1 : 0);
        },
      }),
    );
    for (const counter of [this.outages, this.recoveries, this.restarts]) metrics.register(counter);
    for (const outcome of ['success', 'failure']) this.restarts.inc({ outcome }, 0);
  }

  get state(): DatabaseState {
    return this.current;
  }

  /** True when only a restart of the process can bring the database back. */
  needsProcessRestart(): boolean {
    return this.current === 'failed';
  }

  onApplicationBootstrap(): void {
    this.isStopped = false;
    this.database.onUnexpectedExit?.((description) => {
      if (this.isStopped) return;
      this.logger.error(`The embedded PostgreSQL ${description}: restarting it`);
      this.checkNow();
    });
    // An idle pooled connection that breaks (the server went away) is reported here by pg.
    pgPool(this.dataSource).on('error', () => this.checkNow());
    this.schedule(this.config.databaseProbeIntervalMs);
  }

  beforeApplicationShutdown(): void {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Probes now (or joins the probe under way). */
  checkNow(): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    if (this.timer) clearTimeout(this.timer);
    this.checking ??= this.check()
      .catch((error: unknown) => this.logger.error({ err: error }, 'Database check failed'))
      .finally(() => {
        this.checking = undefined;
        this.schedule(this.current === 'up' ? this.config.databaseProbeIntervalMs : this.retryDelayMs());
      });
    return this.checking;
  }

  private schedule(delayMs: number): void {
    if (this.isStopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.checkNow(), delayMs);
    this.timer.unref();
  }

  private retryDelayMs(): number {
    return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.failedChecks - 1, 10));
  }

  private async check(): Promise<void> {
    const { database } = this;
    if (database.isRunning !== undefined && !database.isRunning()) {
      this.becomeDown('the embedded PostgreSQL is not running');
      await this.restartEmbedded();
    }
    const failure = await this.probe();
    if (this.isStopped) return;
    if (failure === undefined) {
      this.becomeUp();
      return;
    }
    this.failedChecks += 1;
    this.becomeDown(failure);
  }

  private async restartEmbedded(): Promise<void> {
    this.current = this.failedRestarts >= this.config.databaseRestartAttempts ? 'failed' : 'restarting';
    try {
      await this.database.restart!();
      this.restarts.inc({ outcome: 'success' });
      this.logger.warn('The embedded PostgreSQL was started again');
      flushLogs();
    } catch (error) {
      if (this.isStopped) return;
      this.failedRestarts += 1;
      this.restarts.inc({ outcome: 'failure' });
      this.logger.error(
        { err: error, attempt: this.failedRestarts },
        `The embedded PostgreSQL could not be started again (attempt ${this.failedRestarts})`,
      );
      if (this.failedRestarts >= this.config.databaseRestartAttempts) {
        if (this.current !== 'failed') {
          this.logger.fatal(
            `The embedded PostgreSQL failed to start ${this.failedRestarts} times in a row: /health/live now answers 503 so that the process is restarted`,
          );
        }
        this.current = 'failed';
      }
      flushLogs();
    }
  }

  /** Undefined when the database answered; else why not. */
  private async probe(): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        pgPool(this.dataSource).query('SELECT 1'),
        new Promise((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
            PROBE_TIMEOUT_MS,
          );
        }),
      ]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private becomeDown(reason: string): void {
    if (this.downSinceMs === undefined) {
      this.downSinceMs = Date.now();
      this.outages.inc();
      // The log may name the address; answers never do.
      this.logger.error({ reason }, 'The database is unreachable');
      // Log lines are written in blocks: a change of state is written at once.
      flushLogs();
    }
    if (this.current === 'up') this.current = 'down';
    if (this.current === 'restarting' && this.database.isRunning?.() === true) this.current = 'down';
  }

  private becomeUp(): void {
    if (this.downSinceMs !== undefined) {
      const downMs = Date.now() - this.downSinceMs;
      this.recoveries.inc();
      this.logger.warn({ downMs }, `The database is reachable again after ${downMs} ms`);
      flushLogs();
    }
    this.downSinceMs = undefined;
    this.failedRestarts = 0;
    this.failedChecks = 0;
    this.current = 'up';
  }
}
