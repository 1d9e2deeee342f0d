import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName, TestClock } from '@app/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { bearer, newAccount, register, type Tokens } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { linkInHtml, MailCatcher } from './support/mail-catcher';
import { countQueries } from './support/sql-count';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { testConfig, testEnv } from './support/test-env';

const HOUR_MS = 3600 * 1000;
const WEB_APP_URL = 'https://app.marketplace.test';

/**
 * Email verification, password reset and account deletion end to end: the API
 * writes the mail to the outbox, a real worker process sends it to a real SMTP
 * server in this process, and the test follows the link like a person would.
 */
describe('email verification, password reset, account deletion (REST + GraphQL, real worker and SMTP)', () => {
  const smtp = new MailCatcher();
  const clock = new TestClock(new Date());
  let api: RunningApi;
  let worker: RunningProcess;

  beforeAll(async () => {
    await smtp.start();
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WEB_APP_URL,
      RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: process.env.REDIS_URL,
    };
    api = await startApi(await testConfig(env), { clock });
    worker = startProcess(
      'dist/apps/worker/src/main.js',
      await testEnv({ ...env, WORKER_HEALTH_PORT: String(await freePort()) }),
    );
  });
  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await api?.close();
    await smtp.stop();
  });

  const me = (token: string) => api.request('/api/v1/users/me', { headers: bearer(token) });
  const gql = async (query: string, variables: object = {}, token?: string) =>
    (await (
      await api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}))
    ).json()) as {
      data: Record<string, unknown> | null;
      errors?: { extensions: { code: string } }[];
    };

  /** Waits for the n-th mail to `to` with this subject pattern and returns it. */
  const mailTo = (to: string, subject: RegExp, count = 1): Promise<ParsedMail> =>
    eventually(async () => {
      const mails = smtp.to(to).filter((m) => subject.test(m.subject ?? ''));
      return mails.length >= count ? mails[count - 1] : undefined;
    }, 30_000).catch((error: unknown) => {
      throw new Error(
        `no mail "${String(subject)}" to ${to}: ${String(error)}\n${worker.output()}`,
      );
    });

  /** The token in the mail's link, after checking the link opens the web client's page. */
  const tokenIn = (mail: ParsedMail, page: string): string => {
    const link = new URL(linkInHtml(String(mail.html))!);
    expect(`${link.origin}${link.pathname}`).toBe(`${WEB_APP_URL}/${page}`);
    expect(String(mail.text)).toContain(link.toString());
    return link.searchParams.get('token')!;
  };

  it('register mails a verification link; following it verifies the email once; a spent, resent-over or expired link -> 400 INVALID_TOKEN', async () => {
    const { account, accessToken } = await register(api, newAccount(), { verified: false });
    const token = tokenIn(await mailTo(account.email, /confirm|verify/i), 'verify-email');
    expect(
      ((await (await me(accessToken)).json()) as { emailVerifiedAt: unknown }).emailVerifiedAt,
    ).toBeNull();

    expect((await api.request('/api/v1/auth/verify-email', json({ token }))).status).toBe(204);
    const verifiedAt = ((await (await me(accessToken)).json()) as { emailVerifiedAt: string })
      .emailVerifiedAt;
    expect(new Date(verifiedAt).getTime()).toBe(clock.now().getTime());

    const again = await api.request('/api/v1/auth/verify-email', json({ token }));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    const forged = await api.request('/api/v1/auth/verify-email', json({ token: `${token}x` }));
    expect(await forged.json()).toMatchObject({ code: 'INVALID_TOKEN' });

    // Resending: the earlier link dies, the new one works for 24 hours only.
    const other = await register(api, newAccount(), { verified: false });
    const first = tokenIn(await mailTo(other.account.email, /confirm|verify/i), 'verify-email');
    const resend = await api.request('/api/v1/auth/verify-email/resend', {
      method: 'POST',
      headers: bearer(other.accessToken),
    });
    expect(resend.status).toBe(202);
    const second = tokenIn(await mailTo(other.account.email, /confirm|verify/i, 2), 'verify-email');
    expect((await api.request('/api/v1/auth/verify-email', json({ token: first }))).status).toBe(
      400,
    );
    clock.advance(24 * HOUR_MS + 1000);
    try {
      const expired = await api.request('/api/v1/auth/verify-email', json({ token: second }));
      expect(expired.status).toBe(400);
      expect(await expired.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    } finally {
      clock.set(new Date());
    }
    const rows: { email_verified_at: Date | null }[] = await api.app
      .get(DataSource)
      .query('SELECT email_verified_at FROM users WHERE id = $1', [other.user.id]);
    expect(rows[0].email_verified_at).toBeNull();
  });

  it('forgot password: a known and an unknown email get the same 202; only the known one gets a link; reset signs out every login', async () => {
    const { account, accessToken, refreshToken } = await register(api);
    const unknown = `nobody-${Date.now()}@example.com`;
    const forgot = (email: string) => api.request('/api/v1/auth/password/forgot', json({ email }));
    let known: Response | undefined;
    let nobody: Response | undefined;
    // The same work either way: the request path only queues; the worker looks the email up.
    const knownStatements = await countQueries(api, async () => {
      known = await forgot(account.email.toUpperCase());
    });
    const unknownStatements = await countQueries(api, async () => {
      nobody = await forgot(unknown);
    });
    expect(knownStatements).toBe(unknownStatements);
    expect(known!.status).toBe(202);
    expect(nobody!.status).toBe(202);
    expect(await known!.text()).toBe(await nobody!.text());

    const token = tokenIn(await mailTo(account.email, /reset/i), 'reset-password');
    // The worker decided: a link for the account, nothing for the unknown address.
    const queue = api.app.get<Queue>(getQueueToken(QueueName.NOTIFICATIONS), { strict: false });
    const outcomeFor = (email: string) =>
      eventually(async () => {
        const done = await queue.getJobs(['completed']);
        return done.find((j) => j.name === 'password-reset-request' && j.data.email === email)
          ?.returnvalue as unknown;
      }, 30_000);
    expect(await outcomeFor(account.email.toLowerCase())).toEqual({ resetLinkSent: true });
    expect(await outcomeFor(unknown)).toEqual({ resetLinkSent: false });
    const outboxForUnknown: unknown[] = await api.app
      .get(DataSource)
      .query('SELECT 1 FROM outbox_messages WHERE recipient = $1', [unknown]);
    expect(outboxForUnknown).toHaveLength(0);
    expect(smtp.to(unknown)).toHaveLength(0);

    const reset = (body: object) => api.request('/api/v1/auth/password/reset', json(body));
    const weak = await reset({ token, newPassword: 'password123' });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    // A refused password does not spend the link.
    expect((await reset({ token, newPassword: 'a fresh passphrase 99' })).status).toBe(204);
    expect(
      await (await reset({ token, newPassword: 'another passphrase 100' })).json(),
    ).toMatchObject({
      code: 'INVALID_TOKEN',
    });

    expect((await me(accessToken)).status).toBe(401);
    expect((await api.request('/api/v1/auth/refresh', json({ refreshToken }))).status).toBe(401);
    const login = (password: string) =>
      api.request('/api/v1/auth/login', json({ email: account.email, password }));
    expect((await login(account.password)).status).toBe(401);
    expect((await login('a fresh passphrase 99')).status).toBe(200);
    expect((await mailTo(account.email, /changed/i)).subject).toBe('Your password was changed');
  });

  it('a reset link works for one hour only', async () => {
    const { account } = await register(api);
    await api.request('/api/v1/auth/password/forgot', json({ email: account.email }));
    const token = tokenIn(await mailTo(account.email, /reset/i), 'reset-password');
    // The worker made the link on its own (real) clock: an hour past that.
    clock.set(new Date(Date.now() + HOUR_MS + 1000));
    try {
      const res = await api.request(
        '/api/v1/auth/password/reset',
        json({ token, newPassword: 'a fresh passphrase 99' }),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    } finally {
      clock.set(new Date());
    }
  });

  it('delete account: needs the password; anonymises, signs out everywhere, keeps the row, frees the email', async () => {
    const { account, accessToken, refreshToken, user } = await register(api);
    await api.request('/api/v1/users/me', {
      ...json({ bio: 'Private person', phone: '+14155550123' }, bearer(accessToken)),
      method: 'PATCH',
    });
    const del = (password: string) =>
      api.request('/api/v1/users/me', {
        ...json({ password }, bearer(accessToken)),
        method: 'DELETE',
      });
    const wrong = await del('not my password at all');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await del(account.password)).status).toBe(204);

    expect((await me(accessToken)).status).toBe(401);
    expect((await api.request('/api/v1/auth/refresh', json({ refreshToken }))).status).toBe(401);
    expect((await api.request(`/api/v1/users/${user.id}`)).status).toBe(404);
    const login = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email, password: account.password }),
    );
    expect(login.status).toBe(401);
    const [row]: Record<string, unknown>[] = await api.app
      .get(DataSource)
      .query(
        'SELECT email, first_name, last_name, phone, bio, deleted_at FROM users WHERE id = $1',
        [user.id],
      );
    expect(row).toMatchObject({ first_name: 'Deleted', phone: null, bio: null });
    expect(row.email).not.toContain(account.email.split('@')[0]);
    expect(row.deleted_at).toBeInstanceOf(Date);
    // The address can open a new account.
    expect((await api.request('/api/v1/auth/register', json(account))).status).toBe(201);
  });

  it('GraphQL: verifyEmail, requestPasswordReset, resetPassword and deleteAccount use the same rules and codes', async () => {
    const input = newAccount();
    const registered = await gql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }',
      { input },
    );
    const tokens = registered.data!.register as Tokens;
    const verifyToken = tokenIn(await mailTo(input.email, /confirm|verify/i), 'verify-email');
    expect(
      await gql('mutation($t: String!) { verifyEmail(input: { token: $t }) }', { t: verifyToken }),
    ).toEqual({ data: { verifyEmail: true } });
    const reused = await gql('mutation($t: String!) { verifyEmail(input: { token: $t }) }', {
      t: verifyToken,
    });
    expect(reused.errors?.[0].extensions.code).toBe('INVALID_TOKEN');
    const verified = await gql('{ me { emailVerifiedAt } }', {}, tokens.accessToken);
    expect(
      (verified.data!.me as { emailVerifiedAt: string | null }).emailVerifiedAt,
    ).not.toBeNull();

    expect(
      await gql('mutation($e: String!) { requestPasswordReset(input: { email: $e }) }', {
        e: input.email,
      }),
    ).toEqual({ data: { requestPasswordReset: true } });
    expect(
      await gql('mutation($e: String!) { requestPasswordReset(input: { email: $e }) }', {
        e: `nobody-${Date.now()}@example.com`,
      }),
    ).toEqual({ data: { requestPasswordReset: true } });
    const resetToken = tokenIn(await mailTo(input.email, /reset/i), 'reset-password');
    expect(
      await gql(
        'mutation($t: String!) { resetPassword(input: { token: $t, newPassword: "a graphql passphrase 7" }) }',
        { t: resetToken },
      ),
    ).toEqual({ data: { resetPassword: true } });
    expect((await gql('{ me { id } }', {}, tokens.accessToken)).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );

    const login = await gql(
      'mutation($e: String!) { login(input: { email: $e, password: "a graphql passphrase 7" }) { accessToken } }',
      { e: input.email },
    );
    const fresh = (login.data!.login as Tokens).accessToken;
    const refused = await gql(
      'mutation { deleteAccount(input: { password: "not my password at all" }) }',
      {},
      fresh,
    );
    expect(refused.errors?.[0].extensions.code).toBe('INVALID_CREDENTIALS');
    expect(
      await gql(
        'mutation { deleteAccount(input: { password: "a graphql passphrase 7" }) }',
        {},
        fresh,
      ),
    ).toEqual({ data: { deleteAccount: true } });
    const gone = await gql('query($id: ID!) { user(id: $id) { id } }', { id: tokens.user.id });
    expect(gone.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('the worker log carries no password, password hash or token digest', async () => {
    const { account, user } = await register(api);
    await api.request('/api/v1/auth/password/forgot', json({ email: account.email }));
    await mailTo(account.email, /reset/i);
    const digests: { token_hash: string }[] = await api.app.get(DataSource).query(
      `SELECT token_hash FROM account_tokens WHERE user_id = $1
         UNION ALL SELECT token_hash FROM auth_sessions WHERE user_id = $1`,
      [user.id],
    );
    const [{ password_hash: hash }]: { password_hash: string }[] = await api.app
      .get(DataSource)
      .query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(digests.length).toBeGreaterThanOrEqual(3);
    const logs = worker.output();
    for (const secret of [hash, account.password, ...digests.map((d) => d.token_hash)])
      expect(logs).not.toContain(secret);
  });
});
