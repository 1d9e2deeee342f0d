import { AppConfig } from '@app/core';
import pg from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through jest (global setup)`);
  return value;
}

export const runId = (): string => required('TEST_RUN_ID');
const workerId = (): string => process.env.JEST_WORKER_ID ?? '1';

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

let workerDatabase: Promise<string> | undefined;

/**
 * This Jest worker's own database, cloned from the run's migrated template on
 * first use (a worker runs one test file at a time, so files never share
 * state concurrently; tests still use unique data and never rely on order).
 */
export function workerDatabaseUrl(): Promise<string> {
  workerDatabase ??= (async () => {
    const server = required('TEST_PG_SERVER_URL');
    const name = `${runId()}_w${workerId()}`;
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${required('TEST_TEMPLATE_DB')}"`);
    } finally {
      await client.end();
    }
    return withDatabase(server, name);
  })();
  return workerDatabase;
}

/**
 * A database of its own, cloned from the run's migrated template, for a test
 * that needs a store nobody else has touched (seeds, backups).
 */
export async function freshDatabaseUrl(label: string): Promise<string> {
  const server = required('TEST_PG_SERVER_URL');
  const name = `${runId()}_${label}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${required('TEST_TEMPLATE_DB')}"`);
  } finally {
    await client.end();
  }
  return withDatabase(server, name);
}

/** An empty database (no migrations applied), for a test about what happens before the schema exists. */
export async function emptyDatabaseUrl(label: string): Promise<string> {
  const server = required('TEST_PG_SERVER_URL');
  const name = `${runId()}_${label}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(server, name);
}

/**
 * A database and a key prefix nobody else has used, for a test about a
 * worker's whole life: the Jest worker's own store may still hold queued jobs
 * and job schedulers left by earlier test files, which a new worker would pick up.
 */
export async function isolatedStores(label: string): Promise<Record<string, string>> {
  const unique = `${label}${Math.random().toString(36).slice(2, 8)}`;
  return { DATABASE_URL: await freshDatabaseUrl(label), KEY_PREFIX: `${runId()}${unique}` };
}

/** Environment for an app under test: this worker's database and key prefix, free ports. */
export async function testEnv(
  overrides: Record<string, string | undefined> = {},
): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: await workerDatabaseUrl(),
    KEY_PREFIX: `${runId()}w${workerId()}`,
    QUEUE_PG_SCHEMA: `bullmq_${runId()}`.toLowerCase(),
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
    ADMIN_BASIC_USER: 'operator',
    ADMIN_BASIC_PASSWORD: 'operator-password',
    // Sign-in budgets are off unless a test is about them (tests register many accounts).
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  };
}

export async function testConfig(
  overrides: Record<string, string | undefined> = {},
): Promise<AppConfig> {
  return AppConfig.load(await testEnv(overrides));
}

export const OPERATOR_AUTH = `Basic ${Buffer.from('operator:operator-password').toString('base64')}`;

/**
 * The queue backends a suite runs on: Redis when the run has one, PostgreSQL
 * always. `redisUrl` is the REDIS_URL override ('' selects PostgreSQL).
 */
export const QUEUE_BACKENDS: readonly { name: string; redisUrl: string }[] = [
  ...(process.env.REDIS_URL ? [{ name: 'Redis', redisUrl: process.env.REDIS_URL }] : []),
  { name: 'PostgreSQL', redisUrl: '' },
];
