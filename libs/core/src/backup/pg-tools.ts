import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

/** How pg_dump and pg_restore reach a database: the URL without its password, which travels in PGPASSWORD. */
export interface PgConnection {
  url: string;
  env: NodeJS.ProcessEnv;
}

export function pgConnection(databaseUrl: string, ssl: boolean): PgConnection {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  if (ssl) env.PGSSLMODE = 'require';
  return { url: url.toString(), env };
}

/** The server's major version (15, 18, ...). */
export async function serverMajorVersion(databaseUrl: string, ssl: boolean): Promise<number> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    ssl: ssl ? { rejectUnauthorized: false } : undefined,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version_num') AS v",
    );
    return Math.floor(Number(rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}

function candidateDirs(binDir?: string): string[] {
  if (binDir) return [binDir];
  const debian = '/usr/lib/postgresql';
  const versioned = existsSync(debian)
    ? readdirSync(debian).map((v) => join(debian, v, 'bin'))
    : [];
  return [...versioned, ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
}

function majorOf(path: string): number | undefined {
  try {
    const stdout = execFileSync(path, ['--version'], { encoding: 'utf8' });
    const match = /\) (\d+)/.exec(stdout) ?? /(\d+)\.\d+/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds a pg_dump/pg_restore able to work with the server: pg_dump refuses
 * servers newer than itself, so the lowest major at or above the server's wins.
 */
export function findPgTool(tool: PgTool, serverMajor: number, binDir?: string): string {
  const seen: string[] = [];
  let best: { path: string; major: number } | undefined;
  for (const dir of new Set(candidateDirs(binDir))) {
    const path = join(dir, tool);
    if (!existsSync(path)) continue;
    const major = majorOf(path);
    if (major === undefined) continue;
    seen.push(`${path} (${major})`);
    if (major >= serverMajor && (!best || major < best.major)) best = { path, major };
  }
  if (!best) {
    throw new Error(
      `No ${tool} for PostgreSQL ${serverMajor} or newer found (${seen.join(', ') || 'none at all'}); ` +
        `install the PostgreSQL ${serverMajor} client tools or set PG_BIN_DIR`,
    );
  }
  return best.path;
}

/** Runs a PostgreSQL client tool; its stderr becomes the error message when it fails. */
export async function runPgTool(
  path: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  try {
    await run(path, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${path} failed: ${stderr || String(error)}`, { cause: error });
  }
}
