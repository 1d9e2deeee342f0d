import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrations } from '@app/core';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { newAccount, verifyEmailOf } from './support/accounts';
import { listingInput } from './support/listings';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { OPERATOR_AUTH, runId, testEnv, withDatabase } from './support/test-env';

const TIMEOUT = 120_000;
const server = process.env.TEST_PG_SERVER_URL!;
const suffix = `w${process.env.JEST_WORKER_ID ?? '1'}`;
const database = `${runId()}_multi_${suffix}`;
const databaseUrl = withDatabase(server, database);
const RATE_LIMIT = 20;

interface JobView {
  id: string;
  state: string;
  result: { echo: string; processedBy: { pid: number } } | null;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A client address of its own per request, so only the rate-limit test spends one budget. */
const someClient = () => ({
  'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
});

/** Job ids a worker started, from its `ping` log lines (one per run of the job). */
function pingsStarted(worker: RunningProcess): string[] {
  return worker
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; jobId?: string };
        return entry.msg === 'ping' && entry.jobId ? [entry.jobId] : [];
      } catch {
        return [];
      }
    });
}

describe('two API processes and two worker processes on one PostgreSQL and one Redis', () => {
  const apis: { proc: RunningProcess; url: string }[] = [];
  const workers: RunningProcess[] = [];
  const everything = () => [...apis.map((a) => a.proc), ...workers];

  beforeAll(async () => {
    // An empty database: the two APIs race to migrate it.
    await query(server, `CREATE DATABASE "${database}"`);
    const shared = {
      DATABASE_URL: databaseUrl,
      KEY_PREFIX: `${runId()}multi${suffix}`,
      QUEUE_PG_SCHEMA: `bullmq_${runId()}_multi`.toLowerCase(),
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({
        proc: startProcess(
          'dist/apps/api/src/main.js',
          await testEnv({ ...shared, PORT: String(port), HOST: '127.0.0.1' }),
        ),
        url: `http://127.0.0.1:${port}`,
      });
    }
    const ready = async (url: string, proc: RunningProcess) =>
      eventually(async () => ((await fetch(url)).status === 200 ? true : undefined), 60_000).catch(
        (error: unknown) => {
          throw new Error(`${url} not ready: ${String(error)}\n${proc.output()}`);
        },
      );
    await Promise.all(apis.map((a) => ready(`${a.url}/health/ready`, a.proc)));
    const healthPorts = [await freePort(), await freePort()];
    for (const port of healthPorts)
      workers.push(
        startProcess(
          'dist/apps/worker/src/main.js',
          await testEnv({ ...shared, WORKER_HEALTH_PORT: String(port) }),
        ),
      );
    await Promise.all(
      healthPorts.map((port, i) => ready(`http://127.0.0.1:${port}/health/live`, workers[i])),
    );
  }, TIMEOUT);

  afterAll(() => Promise.all(everything().map((p) => p.stop('SIGKILL'))));

  const enqueue = async (api: (typeof apis)[number], message: string, workMs?: number) => {
    const res = await fetch(`${api.url}/api/v1/system/jobs/ping`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: OPERATOR_AUTH,
        ...someClient(),
      },
      body: JSON.stringify({ message, workMs }),
    });
    if (res.status !== 202) throw new Error(`enqueue: ${res.status} ${await res.text()}`);
    return (await res.json()) as JobView;
  };
  const read = async (api: (typeof apis)[number], id: string) =>
    (await (
      await fetch(`${api.url}/api/v1/system/jobs/${id}`, {
        headers: { authorization: OPERATOR_AUTH, ...someClient() },
      })
    ).json()) as JobView;

  (process.env.REDIS_URL ? it : it.skip)(
    'a cache invalidation made through one API process is seen through the other',
    async () => {
      const client = someClient();
      const call = async (api: (typeof apis)[number], path: string, init: RequestInit = {}) => {
        const res = await fetch(`${api.url}${path}`, {
          ...init,
          headers: {
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            ...client,
            ...init.headers,
          },
        });
        return { res, body: (await res.json()) as Record<string, unknown> };
      };
      const { body: tokens } = await call(apis[0], '/api/v1/auth/register', {
        method: 'POST',
        body: JSON.stringify(newAccount()),
      });
      const auth = { authorization: `Bearer ${String(tokens.accessToken)}` };
      await verifyEmailOf(apis[0].url, databaseUrl, (tokens.user as { id: string }).id);
      await call(apis[0], '/api/v1/users/me/host', { method: 'POST', headers: auth });
      const { body: created } = await call(apis[0], '/api/v1/listings', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(listingInput()),
      });
      const id = String(created.id);
      await call(apis[0], `/api/v1/listings/${id}/publish`, { method: 'POST', headers: auth });

      const first = await call(apis[1], `/api/v1/listings/${id}`);
      expect(first.res.status).toBe(200);
      const second = await call(apis[1], `/api/v1/listings/${id}`);
      expect(second.res.headers.get('x-cache')).toBe('HIT');
      expect(second.body.title).toBe(first.body.title);

      await call(apis[0], `/api/v1/listings/${id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ title: 'Renamed through the other process' }),
      });
      const after = await call(apis[1], `/api/v1/listings/${id}`);
      expect(after.res.headers.get('x-cache')).toBe('MISS');
      expect(after.body.title).toBe('Renamed through the other process');
    },
    TIMEOUT,
  );

  it('the migrations ran once', async () => {
    const rows = await query<{ name: string }>(databaseUrl, 'SELECT name FROM typeorm_migrations');
    expect(rows).toHaveLength(migrations.length);
    expect(new Set(rows.map((r) => r.name)).size).toBe(migrations.length);
    const applied = apis.filter((a) => a.proc.output().includes('Applied '));
    expect(applied).toHaveLength(1);
  });

  (process.env.REDIS_URL ? it : it.skip)(
    'one client has one rate limit across both API processes',
    async () => {
      const client = { 'x-forwarded-for': '203.0.113.7' };
      const hit = async (api: (typeof apis)[number]) =>
        (await fetch(`${api.url}/api/v1/system/jobs/none`, { headers: client })).status;
      const first: number[] = [];
      for (let i = 0; i < RATE_LIMIT; i++) first.push(await hit(apis[i % 2]));
      expect(first.filter((s) => s === 429)).toEqual([]);
      // The budget is spent, whichever process the next request reaches.
      expect(await hit(apis[0])).toBe(429);
      expect(await hit(apis[1])).toBe(429);
      // Another client is not affected.
      expect(
        (await fetch(`${apis[1].url}/api/v1/system/jobs/none`, { headers: someClient() })).status,
      ).not.toBe(429);
    },
    TIMEOUT,
  );

  it(
    'each job enqueued through either API runs exactly once, spread over both workers',
    async () => {
      const jobs: JobView[] = [];
      for (let i = 0; i < 30; i++) jobs.push(await enqueue(apis[i % 2], `job ${i}`, 100));
      const done = await eventually(
        async () => {
          const views = await Promise.all(jobs.map((j, i) => read(apis[(i + 1) % 2], j.id)));
          return views.every((v) => v.state === 'completed') ? views : undefined;
        },
        60_000,
        250,
      );
      expect(done.map((v) => v.result?.echo)).toEqual(jobs.map((_, i) => `job ${i}`));
      const pids = workers.map((w) => w.child.pid);
      for (const v of done) expect(pids).toContain(v.result?.processedBy.pid);

      const started = workers.flatMap(pingsStarted);
      const ids = jobs.map((j) => j.id);
      const runs = ids.map((id) => started.filter((s) => s === id).length);
      expect(runs).toEqual(ids.map(() => 1));
      for (const w of workers) expect(pingsStarted(w).length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'a worker killed mid-job: the other completes the job after the stall interval, once',
    async () => {
      const job = await enqueue(apis[0], 'survive a crash', 3000);
      const victim = await eventually(
        async () => workers.find((w) => pingsStarted(w).includes(job.id)),
        10_000,
        50,
      );
      const survivor = workers.find((w) => w !== victim)!;
      expect((await read(apis[1], job.id)).state).toBe('active');
      const killedAt = Date.now();
      expect(await victim.stop('SIGKILL')).toBe('SIGKILL');

      const done = await eventually(
        async () => {
          const view = await read(apis[1], job.id);
          return view.state === 'completed' ? view : undefined;
        },
        30_000,
        100,
      );
      const recoveredIn = Date.now() - killedAt;
      expect(done.result).toMatchObject({
        echo: 'survive a crash',
        processedBy: { pid: survivor.child.pid },
      });
      // The lock (2 s) had to expire before the survivor took the job over and worked 3 s on it.
      expect(recoveredIn).toBeGreaterThan(3000);
      // ...and far sooner than the 30 s defaults would allow: the configured interval is in force.
      expect(recoveredIn).toBeLessThan(15_000);
      // Give a second takeover the time to happen, were there going to be one.
      await new Promise((r) => setTimeout(r, 3000));
      expect(pingsStarted(victim).filter((id) => id === job.id)).toHaveLength(1);
      expect(pingsStarted(survivor).filter((id) => id === job.id)).toHaveLength(1);
      expect((await read(apis[0], job.id)).state).toBe('completed');
    },
    TIMEOUT,
  );
});
