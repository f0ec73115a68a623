import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { ENTITIES } from './entities.js';

/** The one place that says how TypeORM talks to PostgreSQL: the app, the CLI and the tests use it. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Schema changes only through migrations, in every environment.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'greenstream' },
  };
}

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
