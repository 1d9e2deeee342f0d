import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { bearer, register } from './support/accounts';
import { startApi, type RunningApi } from './support/api-server';
import { createPublished, registerHost, uniqueCity } from './support/listings';
import { ProbeModule } from './support/probe/probe.module';
import { freshDatabaseUrl, runId, testConfig, workerDatabaseUrl } from './support/test-env';

const TIMEOUT = 60_000;
const role = `${runId()}_replica_w${process.env.JEST_WORKER_ID ?? '1'}`.toLowerCase();
const password = 'replica-password';

interface Session {
  user: string;
  readOnly: string;
  migrations: number;
}

/** Copies one account row from one database to another, as replication would have. */
async function copyUser(fromUrl: string, toUrl: string, id: string): Promise<void> {
  const from = new pg.Client({ connectionString: fromUrl });
  const to = new pg.Client({ connectionString: toUrl });
  await Promise.all([from.connect(), to.connect()]);
  try {
    const { rows } = await from.query<{ row: unknown }>(
      'SELECT row_to_json(u) AS row FROM users u WHERE id = $1',
      [id],
    );
    await to.query('INSERT INTO users SELECT * FROM json_populate_record(NULL::users, $1)', [
      JSON.stringify(rows[0].row),
    ]);
  } finally {
    await Promise.all([from.end(), to.end()]);
  }
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

/**
 * A second database stands in for a replica that differs from the primary:
 * a listing that exists only there shows which reads went to the replica,
 * and one written through the API (on the primary) shows which did not.
 */
describe('read replicas: search, listing detail and calendars', () => {
  const city = uniqueCity();
  const calendar = (id: string) => `/api/v1/listings/${id}/calendar?from=2031-03-01&to=2031-03-03`;
  const searchIds = async (api: RunningApi): Promise<string[]> => {
    const res = await api.request(`/api/v1/listings?city=${encodeURIComponent(city)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { id: string }[] }).data.map((l) => l.id);
  };
  const apis: RunningApi[] = [];
  let replicaUrl: string;
  let onReplicaOnly: string;

  const startWithReplica = async (lagMs: string): Promise<RunningApi> => {
    const api = await startApi(
      await testConfig({
        DATABASE_REPLICA_URLS: replicaUrl,
        DATABASE_REPLICA_LAG_MS: lagMs,
        // Cache version tokens nobody has written yet: no write is known to either API.
        KEY_PREFIX: `${runId()}rr${Math.random().toString(36).slice(2, 8)}`,
      }),
    );
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    replicaUrl = await freshDatabaseUrl('replica');
    const seeder = await startApi(await testConfig({ DATABASE_URL: replicaUrl }));
    try {
      const host = await registerHost(seeder);
      onReplicaOnly = (await createPublished(seeder, host.accessToken, { city })).id;
      // A replica never holds more than its primary but the lagging rows: its host's account is on both.
      await copyUser(replicaUrl, await workerDatabaseUrl(), host.user.id);
    } finally {
      await seeder.close();
    }
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
  }, TIMEOUT);

  it(
    'they read the replica, except data written within DATABASE_REPLICA_LAG_MS, which they read on the primary',
    async () => {
      const api = await startWithReplica('60000');
      // Nothing written through this API yet: all three reads are answered by the replica.
      expect(await searchIds(api)).toEqual([onReplicaOnly]);
      const detail = await api.request(`/api/v1/listings/${onReplicaOnly}`);
      expect(detail.status).toBe(200);
      expect(((await detail.json()) as { city: string }).city).toBe(city);
      expect((await api.request(calendar(onReplicaOnly))).status).toBe(200);

      // A host writes on the primary and reads it back at once: within the lag allowance,
      // the listing, its calendar and the search (which now has a write) come from the primary.
      const host = await registerHost(api);
      const written = await createPublished(api, host.accessToken, { city });
      expect((await api.request(`/api/v1/listings/${written.id}`)).status).toBe(200);
      expect((await api.request(calendar(written.id))).status).toBe(200);
      expect(await searchIds(api)).toEqual([written.id]);

      // With no allowance the same reads go to the replica, which does not have that listing.
      const noAllowance = await startWithReplica('0');
      expect((await noAllowance.request(`/api/v1/listings/${written.id}`)).status).toBe(404);
      expect((await noAllowance.request(calendar(written.id))).status).toBe(404);
      expect(await searchIds(noAllowance)).toEqual([onReplicaOnly]);
    },
    TIMEOUT,
  );
});
