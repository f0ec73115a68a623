import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { seedReferenceData } from '../../../seeds/seed-runner.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.schema.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from './advisory-locks.js';

/** Any fixed 64-bit key, so that instances starting together migrate one at a time. */

/**
 * Brings the schema up to date and seeds the reference data before any feature reads it.
 * Runs in onModuleInit: modules that import DatabaseModule initialise after it.
 */
@Injectable()
export class DatabaseBootstrapService implements OnModuleInit {
  private readonly logger = new Logger(DatabaseBootstrapService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.dataSource, (message) => this.logger.log(message));
    if (this.config.seedOnStart) {
      const report = await seedReferenceData(this.dataSource);
      this.logger.log({ report }, 'Reference data seeded');
    }
  }
}

/** Runs pending migrations under a session advisory lock (several instances may start at once). */
export async function runMigrations(
  dataSource: DataSource,
  log: (message: string) => void = () => undefined,
) {
  const locked = await withAdvisoryLock(dataSource, ADVISORY_LOCKS.migrations, { wait: true }, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(
      applied.length > 0
        ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}`
        : 'Schema is up to date',
    );
    return applied;
  });
  return locked.acquired ? locked.result : [];
}
