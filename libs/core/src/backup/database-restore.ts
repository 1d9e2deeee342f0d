import { access } from 'node:fs/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { runMigrationsLocked } from '../database/run-migrations';
import { findPgTool, pgConnection, runPgTool, serverMajorVersion } from './pg-tools';

export interface RestoreResult {
  database: string;
  created: boolean;
  migrationsApplied: string[];
  durationMs: number;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function clientFor(url: string, ssl: boolean): pg.Client {
  return new pg.Client({
    connectionString: url,
    ssl: ssl ? { rejectUnauthorized: false } : undefined,
  });
}

/** Creates the target database when it does not exist; refuses one that already holds tables. */
async function prepareEmptyDatabase(databaseUrl: string, ssl: boolean): Promise<boolean> {
  const target = new URL(databaseUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = clientFor(maintenance.toString(), ssl);
  await admin.connect();
  let created = false;
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
      created = true;
    }
  } finally {
    await admin.end();
  }
  const client = clientFor(databaseUrl, ssl);
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    if (Number(rows[0].n) > 0) {
      throw new Error(
        `Database "${database}" is not empty (${rows[0].n} tables): restore into a new or empty database`,
      );
    }
  } finally {
    await client.end();
  }
  return created;
}

/**
 * Restores a `db:backup` file into DATABASE_URL's database (created if it is
 * missing, refused if it holds tables), then applies the migrations the dump
 * predates, so an old backup comes back with today's schema.
 */
export async function restoreDatabase(config: AppConfig, file: string): Promise<RestoreResult> {
  const startedAt = performance.now();
  await access(file);
  const databaseUrl = config.databaseUrl;
  const ssl = config.env.DATABASE_SSL;
  const created = await prepareEmptyDatabase(databaseUrl, ssl);
  const pgRestore = findPgTool(
    'pg_restore',
    await serverMajorVersion(databaseUrl, ssl),
    config.env.PG_BIN_DIR,
  );
  const connection = pgConnection(databaseUrl, ssl);
  await runPgTool(
    pgRestore,
    ['--exit-on-error', '--no-owner', '--single-transaction', `--dbname=${connection.url}`, file],
    connection.env,
  );
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const ran = await runMigrationsLocked(dataSource);
    return {
      database: decodeURIComponent(new URL(databaseUrl).pathname.slice(1)),
      created,
      migrationsApplied: ran.map((m) => m.name),
      durationMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    await dataSource.destroy();
  }
}
