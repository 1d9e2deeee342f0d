import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { migrations } from './migrations';

/**
 * TypeORM settings shared by the API, the worker and the CLI. Schema changes
 * only ever come from migrations: synchronize is off everywhere.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    ssl: config.env.DATABASE_SSL ? { rejectUnauthorized: false } : undefined,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: config.env.DATABASE_POOL_SIZE,
      application_name: config.env.APP_NAME,
    },
    // Failed queries reach the error filter, which logs the unexpected ones with the request id.
    logging: false,
  };
}
