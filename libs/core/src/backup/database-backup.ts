import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { findPgTool, pgConnection, runPgTool, serverMajorVersion } from './pg-tools';

export interface BackupResult {
  file: string;
  bytes: number;
  durationMs: number;
}

/** `backup-<database>-20261125T063000Z.dump`: sorts by time within one database. */
export function backupFileName(database: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `backup-${database.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.dump`;
}

/**
 * pg_dump in custom format (compressed, restorable table by table with
 * pg_restore). Written under a temporary name and renamed when complete, so
 * a half-written file never looks like a backup.
 */
export async function backupDatabase(
  config: AppConfig,
  options: { dir?: string; now?: Date } = {},
): Promise<BackupResult> {
  const startedAt = performance.now();
  const databaseUrl = config.databaseUrl;
  const ssl = config.env.DATABASE_SSL;
  const dir = resolve(options.dir ?? config.env.BACKUP_DIR);
  await mkdir(dir, { recursive: true });
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres';
  const file = join(dir, backupFileName(database, options.now ?? new Date()));
  const partial = `${file}.partial`;

  const pgDump = findPgTool(
    'pg_dump',
    await serverMajorVersion(databaseUrl, ssl),
    config.env.PG_BIN_DIR,
  );
  const connection = pgConnection(databaseUrl, ssl);
  try {
    await runPgTool(
      pgDump,
      [
        '--format=custom',
        '--compress=6',
        '--no-owner',
        `--file=${partial}`,
        `--dbname=${connection.url}`,
      ],
      connection.env,
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  if (config.env.BACKUP_KEEP > 0) await pruneBackups(dir, database, config.env.BACKUP_KEEP);
  return {
    file,
    bytes: (await stat(file)).size,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** Deletes the oldest backups of one database beyond the newest `keep`. */
export async function pruneBackups(dir: string, database: string, keep: number): Promise<string[]> {
  const prefix = backupFileName(database, new Date(0)).replace(/\d{8}T\d{6}Z\.dump$/, '');
  // Exactly this database's files: `backup-app-…` must not match `backup-app-eu-…`.
  const ours = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\d{8}T\\d{6}Z\\.dump$`,
  );
  const files = (await readdir(dir)).filter((f) => ours.test(f)).sort();
  const doomed = files.slice(0, Math.max(0, files.length - keep));
  await Promise.all(doomed.map((f) => rm(join(dir, f), { force: true })));
  return doomed;
}
