import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { migrations } from './migrations';

/**
 * TypeORM settings shared by the API, the worker and the CLI. Schema changes
 * only ever come from migrations: synchronize is off everywhere.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const ssl = config.env.DATABASE_SSL ? { rejectUnauthorized: false } : undefined;
  const replicas = config.databaseReplicaUrls;
  return {
    type: 'postgres',
    url: config.databaseUrl,
    ssl,
    // Replicas serve only the reads that ask for one (ReadReplica); every other query,
    // reads included, stays on the primary, so nothing reads its own write from a lagging copy.
    ...(replicas.length > 0
      ? {
          replication: {
            master: { url: config.databaseUrl, ssl },
            slaves: replicas.map((url) => ({ url, ssl })),
            defaultMode: 'master' as const,
          },
        }
      : {}),
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: config.env.DATABASE_POOL_SIZE,
      application_name: config.env.APP_NAME,
      // Pinned per session, whatever the server's default: transactions at this level then
      // need no SET TRANSACTION round trip (see TransactionRunner).
      options: '-c default_transaction_isolation=read\\ committed',
    },
    // Failed queries reach the error filter, which logs the unexpected ones with the request id.
    logging: false,
  };
}
