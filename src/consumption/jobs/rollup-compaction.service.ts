import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/env.schema.js';
import { EventBus } from '../../platform/events/event-bus.js';
import { ROLLUPS_COMPACTED } from '../consumption.events.js';
import { RollupsRepository } from '../persistence/rollups.repository.js';

/**
 * Folds the rollup deltas appended by POST /consumption into view_rollups every
 * ROLLUP_COMPACTION_INTERVAL_MS, so that GET /stats keeps reading a few thousand rows. Statistics
 * are exact whether or not a compaction has run (they read both tables); compaction only keeps the
 * delta table short. Safe with several instances: a delta row is moved by one run only.
 */
@Injectable()
export class RollupCompactionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RollupCompactionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    private readonly rollups: RollupsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.rollupCompactionIntervalMs;
    if (interval === 0) return;
    this.timer = setInterval(() => void this.compact(), interval);
    this.timer.unref();
  }

  /** Stops the timer and waits for a compaction under way (it is one statement: it commits or not). */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One compaction; a call while one runs waits for that one instead of starting another. */
  compact(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const { moved, folded } = await this.rollups.compact();
      this.events.emit(ROLLUPS_COMPACTED, new Date());
      if (this.failing) this.logger.log('Rollup compaction works again');
      this.failing = false;
      if (moved > 0) this.logger.debug(`Folded ${moved} rollup deltas into ${folded} rollup rows`);
    } catch (error) {
      // Logged once per outage, not every second; the deltas wait in their table meanwhile.
      if (!this.failing) {
        this.logger.warn({ error: (error as Error).message }, 'Rollup compaction failed; will retry');
      }
      this.failing = true;
    }
  }
}
