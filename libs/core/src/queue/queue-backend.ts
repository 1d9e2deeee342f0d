import {
  createPostgresBackend,
  createRedisBackend,
  setDefaultBackendFactory,
  type BackendFactory,
  type ConnectionOptions,
  type DefaultJobOptions,
  type PostgresPoolConfig,
  type QueueOptions,
} from 'bullmq';
import type { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from '../redis/redis-options';

/** PostgreSQL connection settings are recognisable by their connectionString. */
function isPostgresConnection(connection: unknown): connection is PostgresPoolConfig {
  return typeof connection === 'object' && connection !== null && 'connectionString' in connection;
}

/**
 * BullMQ builds every Queue/Worker through one process-wide factory. This one
 * picks the datastore from the connection it is given, so one process (or one
 * test run) can use Redis and PostgreSQL queues without global mode switches.
 */
const dispatchingBackend: BackendFactory = (name, opts, factoryOpts) =>
  isPostgresConnection(opts.connection)
    ? (createPostgresBackend(name, opts as never, factoryOpts) as never)
    : createRedisBackend(name, opts, factoryOpts);

let installed = false;
export function installQueueBackendFactory(): void {
  if (installed) return;
  setDefaultBackendFactory(dispatchingBackend);
  installed = true;
}

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Root BullMQ options: Redis when REDIS_URL is set, else PostgreSQL on the main database. */
export function queueRootOptions(config: AppConfig): QueueOptions {
  installQueueBackendFactory();
  const postgres: PostgresPoolConfig = {
    connectionString: config.databaseUrl,
    schema: config.env.QUEUE_PG_SCHEMA,
    migrate: true,
    max: 4,
    application_name: `${config.env.APP_NAME}-queues`,
  };
  // The dispatching factory above tells the two shapes apart at runtime.
  const connection = (
    config.env.REDIS_URL ? redisOptionsFromUrl(config.env.REDIS_URL) : postgres
  ) as ConnectionOptions;
  return {
    connection,
    prefix: `${config.env.KEY_PREFIX}:bull`,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  };
}
