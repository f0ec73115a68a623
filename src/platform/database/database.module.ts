import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { ChangeNotifierService, DATABASE_URL } from './change-notifier.service.js';
import { DatabaseBootstrapService } from './database-bootstrap.service.js';
import { DatabaseSupervisor, RUNNING_DATABASE } from './database-supervisor.js';
import { externalDatabase, type RunningDatabase } from './embedded-postgres.js';
import { PgSessions } from './pg-sessions.js';

@Global()
@Module({})
export class DatabaseModule {
  /**
   * `options`: the data source (entities, migrations, pool) that the composition root assembles;
   * `database`: the embedded PostgreSQL started before Nest, which the supervisor may restart
   * (default: an external database at `databaseUrl`).
   */
  static forRoot(databaseUrl: string, options: DataSourceOptions, database?: RunningDatabase): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...options,
          retryAttempts: 5,
          retryDelay: 1000,
        }),
      ],
      providers: [
        DatabaseBootstrapService,
        ChangeNotifierService,
        PgSessions,
        DatabaseSupervisor,
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: RUNNING_DATABASE, useValue: database ?? externalDatabase(databaseUrl) },
      ],
      exports: [DatabaseBootstrapService, ChangeNotifierService, PgSessions, DatabaseSupervisor],
    };
  }
}
