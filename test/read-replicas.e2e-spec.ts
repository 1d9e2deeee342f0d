import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, register } from './support/accounts';
import { startApi, type RunningApi } from './support/api-server';
import { ProbeModule } from './support/probe/probe.module';
import { runId, testConfig, workerDatabaseUrl } from './support/test-env';

const TIMEOUT = 60_000;
const role = `${runId()}_replica_w${process.env.JEST_WORKER_ID ?? '1'}`.toLowerCase();
const password = 'replica-password';

interface Session {
  user: string;
  readOnly: string;
  migrations: number;
}

async function admin(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A second login role on the same database stands in for a streaming replica:
 * read-only by default and allowed to read one bookkeeping table only, so a
 * query that lands on it shows by its `current_user`, and a product query
 * that strays there fails.
 */
describe('read replicas (DATABASE_REPLICA_URLS)', () => {
  let api: RunningApi;
  let primaryUrl: string;

  beforeAll(async () => {
    primaryUrl = await workerDatabaseUrl();
    const database = new URL(primaryUrl).pathname.slice(1);
    await admin(
      primaryUrl,
      `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`,
      `ALTER ROLE "${role}" SET default_transaction_read_only = on`,
      `GRANT CONNECT ON DATABASE "${database}" TO "${role}"`,
      `GRANT USAGE ON SCHEMA public TO "${role}"`,
      // Nothing of the product is readable there: a read that strayed to the replica would fail.
      `GRANT SELECT ON typeorm_migrations TO "${role}"`,
    );
    const replicaUrl = new URL(primaryUrl);
    replicaUrl.username = role;
    replicaUrl.password = password;
    api = await startApi(
      await testConfig({
        DATABASE_REPLICA_URLS: `${replicaUrl.toString()}, ${replicaUrl.toString()}`,
      }),
      { extraModules: [ProbeModule] },
    );
  }, TIMEOUT);

  afterAll(async () => {
    await api?.close();
    await admin(primaryUrl, `DROP OWNED BY "${role}"`, `DROP ROLE IF EXISTS "${role}"`);
  }, TIMEOUT);

  it(
    'reads that ask for a replica go to it; writes and reads of what was just written stay on the primary',
    async () => {
      // Register (writes), then at once use the new session (reads it back): all on the primary.
      const account = await register(api);
      const me = await api.request('/api/v1/users/me', { headers: bearer(account.accessToken) });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { email: string }).email).toBe(account.account.email);

      const res = await api.request('/api/v1/probe/database-roles');
      expect(res.status).toBe(200);
      const { replica, primary } = (await res.json()) as Record<'replica' | 'primary', Session>;
      expect(replica).toMatchObject({ user: role, readOnly: 'on' });
      expect(primary.user).not.toBe(role);
      expect(primary.readOnly).toBe('off');
      expect(replica.migrations).toBe(primary.migrations);
      expect(primary.migrations).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
