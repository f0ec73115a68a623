import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { ChangeNotifierService, DATABASE_URL } from './change-notifier.service.js';
import { DatabaseBootstrapService } from './database-bootstrap.service.js';
import { PgSessions } from './pg-sessions.js';

@Global()
@Module({})
export class DatabaseModule {
  /** `options`: the data source (entities, migrations, pool) that the composition root assembles. */
  static forRoot(databaseUrl: string, options: DataSourceOptions): DynamicModule {
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
        { provide: DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [DatabaseBootstrapService, ChangeNotifierService, PgSessions],
    };
  }
}
