import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeNotifierService, DATABASE_URL } from './change-notifier.service.js';
import { DatabaseBootstrapService } from './database-bootstrap.service.js';
import { dataSourceOptions } from '../../data-source.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, poolSize),
          retryAttempts: 5,
          retryDelay: 1000,
        }),
      ],
      providers: [
        DatabaseBootstrapService,
        ChangeNotifierService,
        { provide: DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [DatabaseBootstrapService, ChangeNotifierService],
    };
  }
}
