import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { migrations, type AppConfig } from '@app/core';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/** Migrations this build expects, by the name TypeORM records in its table. */
export function expectedMigrationNames(): string[] {
  return migrations.map((migration) => new migration().name ?? migration.name);
}

// Nest's levels at or above each pino level (the apps' logger is pino, configured by LOG_LEVEL).
const NEST_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const PINO_RANK: Record<string, number> = {
  fatal: 1,
  error: 2,
  warn: 3,
  info: 4,
  debug: 5,
  trace: 6,
};

const UNDEFINED_TABLE = '42P01';

/** Names of the migrations still missing from the database (all of them before the first run). */
export async function pendingMigrations(config: AppConfig): Promise<string[]> {
  const client = new pg.Client({
    connectionString: config.databaseUrl,
    ssl: config.env.DATABASE_SSL ? { rejectUnauthorized: false } : undefined,
    application_name: `${config.env.APP_NAME}-schema-wait`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM typeorm_migrations');
    const applied = new Set(rows.map((row) => row.name));
    return expectedMigrationNames().filter((name) => !applied.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return expectedMigrationNames();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface SchemaWaitOptions {
  /** After this long the wait is logged at warn (a stuck or missing migrate step). */
  warnAfterMs?: number;
  maxDelayMs?: number;
}

/**
 * The API (or `npm run migration:run`) applies migrations; the worker only waits for
 * them. Its processors and schedulers query tables from the first second, so it starts
 * none until the schema it was built for is there (otherwise a fresh start fails jobs
 * with `relation ... does not exist`).
 */
export async function waitForSchema(
  config: AppConfig,
  { warnAfterMs = 30_000, maxDelayMs = 5_000 }: SchemaWaitOptions = {},
): Promise<void> {
  // Nest's own logger: the app (and its pino logger) does not exist yet.
  const logger = new ConsoleLogger('SchemaWait', {
    json: !config.env.LOG_PRETTY,
    logLevels: NEST_LEVELS.slice(0, PINO_RANK[config.env.LOG_LEVEL] ?? 4),
  });
  const startedAt = Date.now();
  let delay = 200;
  let warned = false;
  for (;;) {
    let waitingFor: string;
    try {
      const pending = await pendingMigrations(config);
      if (pending.length === 0) {
        if (Date.now() - startedAt > 1_000)
          logger.log(`Database schema is up to date after ${Date.now() - startedAt} ms`);
        return;
      }
      waitingFor = `${pending.length} migration(s) to be applied (${pending.join(', ')})`;
    } catch (error) {
      waitingFor = `the database (${error instanceof Error ? error.message : String(error)})`;
    }
    const message = `Waiting for ${waitingFor} before consuming jobs`;
    if (!warned && Date.now() - startedAt >= warnAfterMs) {
      warned = true;
      logger.warn(
        `${message}; still waiting after ${Math.round((Date.now() - startedAt) / 1000)} s: is the API (which migrates) or "npm run migration:run" running?`,
      );
    } else if (delay === 200 || delay >= maxDelayMs) {
      // Once at the start and then about every maxDelayMs, not on every poll.
      logger.log(message);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
