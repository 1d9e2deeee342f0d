import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { bearer, register } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { freshDatabaseUrl, OPERATOR_AUTH, testConfig, testEnv } from './support/test-env';

const run = promisify(execFile);

/** Runs the compiled command line (`npm run cli -- ...`) against this worker's database. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliOn(await testEnv({ LOG_LEVEL: 'warn' }), args);
}

async function cliOn(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [resolve('dist/apps/cli/src/main.js'), ...args],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admins: the users:promote command, the demo seed, Bull Board with an admin token', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const board = (authorization?: string) =>
    api.request('/admin/queues/api/queues', {
      headers: authorization ? { authorization } : {},
    });

  it('users:promote makes an account admin: its token then opens Bull Board; a regular token gets 403, none 401', async () => {
    const user = await register(api);
    const other = await register(api);
    expect((await board(`Bearer ${user.accessToken}`)).status).toBe(403);
    const anonymous = await board();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await board(OPERATOR_AUTH)).status).toBe(200);

    const promoted = await cli('users:promote', user.account.email.toUpperCase());
    expect(promoted).toMatchObject({ code: 0 });
    expect(promoted.stdout).toContain(`${user.account.email} is now an admin`);
    // The role is read from the database on every request: the same token now works.
    const opened = await board(`Bearer ${user.accessToken}`);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toHaveProperty('queues');
    expect((await board(`Bearer ${other.accessToken}`)).status).toBe(403);
    const me = await api.request('/api/v1/users/me', { headers: bearer(user.accessToken) });
    expect(await me.json()).toMatchObject({ role: 'admin' });

    expect(await cli('users:demote', user.account.email)).toMatchObject({ code: 0 });
    expect((await board(`Bearer ${user.accessToken}`)).status).toBe(403);
  });

  it('the command line refuses unknown emails and commands with a message and a non-zero exit', async () => {
    const unknown = await cli('users:promote', 'nobody-at-all@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('was not found');
    const wrong = await cli('users:explode');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('Usage');
    expect((await cli('users:promote')).code).toBe(64);
  });

  it('seed:demo creates a guest, two hosts with 20 published listings each and an admin once; they can sign in', async () => {
    // A database of its own: the demo rows have fixed ids, so another test's seed would count.
    const databaseUrl = await freshDatabaseUrl('seed');
    const env = await testEnv({ LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl });
    const seeded = await startApi(
      await testConfig({ DATABASE_URL: databaseUrl, RATE_LIMIT_PER_MINUTE: '0' }),
    );
    try {
      await checkDemoSeed(seeded, env);
    } finally {
      await seeded.close();
    }
  });

  async function checkDemoSeed(api: RunningApi, env: NodeJS.ProcessEnv): Promise<void> {
    const board = (authorization: string) =>
      api.request('/admin/queues/api/queues', { headers: { authorization } });
    const first = await cliOn(env, ['seed:demo']);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout.trim().split('\n').at(-1)!) as {
      created: string[];
      listingsAdded: number;
      accounts: { email: string; password: string; role: string; isHost: boolean }[];
    };
    expect(result).toMatchObject({
      created: result.accounts.map((a) => a.email),
      listingsAdded: 40,
    });
    expect(result.accounts.map((a) => [a.role, a.isHost])).toEqual([
      ['user', false],
      ['user', true],
      ['user', true],
      ['admin', true],
    ]);
    const again = JSON.parse(
      (await cliOn(env, ['seed:demo'])).stdout.trim().split('\n').at(-1)!,
    ) as {
      created: string[];
      listingsAdded: number;
    };
    expect(again).toMatchObject({ created: [], listingsAdded: 0 });
    const hosts = result.accounts.filter((a) => a.isHost && a.role === 'user');
    const currencies = new Set<string>();
    for (const host of hosts) {
      const hostLogin = (await (
        await api.request(
          '/api/v1/auth/login',
          json({ email: host.email, password: host.password }),
        )
      ).json()) as { accessToken: string };
      const mine = (await (
        await api.request('/api/v1/users/me/listings?limit=100', {
          headers: { authorization: `Bearer ${hostLogin.accessToken}` },
        })
      ).json()) as { data: { status: string; currency: string; city: string }[] };
      expect(mine.data).toHaveLength(20);
      expect(mine.data.every((l) => l.status === 'published')).toBe(true);
      // Each host has places in several cities.
      expect(new Set(mine.data.map((l) => l.city)).size).toBeGreaterThan(3);
      for (const l of mine.data) currencies.add(l.currency);
    }
    expect(currencies).toContain('JPY');
    for (const account of result.accounts) {
      const login = await api.request(
        '/api/v1/auth/login',
        json({ email: account.email, password: account.password }),
      );
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      expect((await board(`Bearer ${accessToken}`)).status).toBe(
        account.role === 'admin' ? 200 : 403,
      );
    }
  }
});
