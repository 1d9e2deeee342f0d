import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newAccount, register, bearer, type Tokens } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { testConfig } from './support/test-env';

const PROBLEM = /^application\/problem\+json/;

function jwt(header: object, payload: object, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc(header)}.${enc(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('accounts and sign-in (REST)', () => {
  let api: RunningApi;
  const secret = 'test-secret-that-is-long-enough-for-hs256!';

  beforeAll(async () => {
    api = await startApi(await testConfig({ JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const me = (token: string) => api.request('/api/v1/users/me', { headers: bearer(token) });

  it('register -> tokens and a profile; the password hash is stored with argon2id and never returned', async () => {
    const account = newAccount({ email: `  Mixed-${Date.now()}@Example.COM ` });
    const res = await api.request('/api/v1/auth/register', json(account));
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toMatch(/passwordHash|password_hash|argon2/);
    const body = JSON.parse(text) as Tokens & { tokenType: string; expiresIn: number };
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: account.email.trim().toLowerCase(), isHost: false, role: 'user' },
    });
    const profile = await me(body.accessToken);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({
      id: body.user.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailVerifiedAt: null,
    });
    const ds = api.app.get(DataSource);
    const [row] = await ds.query('SELECT password_hash FROM users WHERE id = $1', [body.user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('a duplicate email in any case -> 409 EMAIL_TAKEN', async () => {
    const { account } = await register(api);
    const res = await api.request(
      '/api/v1/auth/register',
      json({ ...account, email: account.email.toUpperCase() }),
    );
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    expect(await res.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ field: 'email' }] });
  });

  it.each([
    ['too short', 'short1!', 'at least 12'],
    ['too common', 'password1234', 'too common'],
    ['the email itself', 'EMAIL', 'email'],
    ['one character repeated', 'aaaaaaaaaaaa', 'one character repeated'],
    ['only spaces', ' '.repeat(12), 'only spaces'],
    ['easy to guess', 'abcabcabcabc', 'too easy to guess'],
  ])('a weak password (%s) -> 400 WEAK_PASSWORD with the reason', async (_, password, reason) => {
    const account = newAccount();
    const res = await api.request(
      '/api/v1/auth/register',
      json({ ...account, password: password === 'EMAIL' ? account.email : password }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('WEAK_PASSWORD');
    expect(body.detail).toContain(reason);
  });

  it('unknown fields are refused', async () => {
    const res = await api.request(
      '/api/v1/auth/register',
      json({ ...newAccount(), role: 'admin' }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'role' }],
    });
  });

  it('wrong password and unknown email get the same 401 INVALID_CREDENTIALS body', async () => {
    const { account } = await register(api);
    const wrong = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email, password: 'not the password at all' }),
    );
    const unknown = await api.request(
      '/api/v1/auth/login',
      json({ email: `nobody-${Date.now()}@example.com`, password: 'not the password at all' }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip((await wrong.json()) as Record<string, unknown>)).toEqual(
      strip((await unknown.json()) as Record<string, unknown>),
    );
    const ok = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email.toUpperCase(), password: account.password }),
    );
    expect(ok.status).toBe(200);
  });

  it("a hash made with older argon2 settings still signs in and is rehashed with today's", async () => {
    const { account, user } = await register(api);
    const ds = api.app.get(DataSource);
    const old = await argon2.hash(account.password, {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    await ds.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, old]);
    const login = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email, password: account.password }),
    );
    expect(login.status).toBe(200);
    const [row] = await ds.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=12288,p=1,t=3\$/);
    expect(await argon2.verify(row.password_hash, account.password)).toBe(true);
    const again = await api.request(
      '/api/v1/auth/login',
      json({ email: account.email, password: account.password }),
    );
    expect(again.status).toBe(200);
  });

  it('refresh rotates the token; presenting a used one -> 401 and the whole login is signed out', async () => {
    const first = await register(api);
    const rotated = await api.request(
      '/api/v1/auth/refresh',
      json({ refreshToken: first.refreshToken }),
    );
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as Tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.accessToken)).status).toBe(200);

    const replay = await api.request(
      '/api/v1/auth/refresh',
      json({ refreshToken: first.refreshToken }),
    );
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    // The family is dead: the newest refresh token and the access tokens stop working too.
    expect(
      (await api.request('/api/v1/auth/refresh', json({ refreshToken: second.refreshToken })))
        .status,
    ).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
  });

  it('logout revokes the session at once; other logins of the same user stay signed in', async () => {
    const first = await register(api);
    const otherLogin = (await (
      await api.request(
        '/api/v1/auth/login',
        json({ email: first.account.email, password: first.account.password }),
      )
    ).json()) as Tokens;
    const out = await api.request(
      '/api/v1/auth/logout',
      json({ refreshToken: first.refreshToken }),
    );
    expect(out.status).toBe(204);
    expect((await me(first.accessToken)).status).toBe(401);
    expect(
      (await api.request('/api/v1/auth/refresh', json({ refreshToken: first.refreshToken })))
        .status,
    ).toBe(401);
    expect((await me(otherLogin.accessToken)).status).toBe(200);
  });

  it('expired, tampered, alg:none and wrongly signed tokens -> 401', async () => {
    const { accessToken, user } = await register(api);
    const [, payload] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sid: string };
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: user.id, sid: claims.sid, role: 'user', iat: now - 7200, exp: now - 3600 },
        secret,
      ),
      jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: user.id, sid: claims.sid, role: 'admin', iat: now, exp: now + 600 },
        'some-other-secret-some-other-secret',
      ),
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      accessToken.slice(0, -3) + (accessToken.endsWith('AAA') ? 'BBB' : 'AAA'),
      jwt(
        { alg: 'HS512', typ: 'JWT' },
        { sub: user.id, sid: claims.sid, role: 'user', iat: now, exp: now + 600 },
        secret,
      ),
      'not-a-jwt',
    ];
    for (const token of cases) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect((await api.request('/api/v1/users/me')).status).toBe(401);
  });

  it('change password: needs the current one, signs out other logins, keeps this one, emails the owner', async () => {
    const first = await register(api);
    const other = (await (
      await api.request(
        '/api/v1/auth/login',
        json({ email: first.account.email, password: first.account.password }),
      )
    ).json()) as Tokens;
    const change = (body: object) =>
      api.request('/api/v1/users/me/password', json(body, bearer(first.accessToken)));

    const wrong = await change({
      currentPassword: 'not my password at all',
      newPassword: 'a brand new passphrase 7',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const weak = await change({ currentPassword: first.account.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ code: 'WEAK_PASSWORD' });

    expect(
      (
        await change({
          currentPassword: first.account.password,
          newPassword: 'a brand new passphrase 7',
        })
      ).status,
    ).toBe(204);
    expect((await me(first.accessToken)).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(401);
    expect(
      (await api.request('/api/v1/auth/refresh', json({ refreshToken: other.refreshToken })))
        .status,
    ).toBe(401);
    const oldLogin = await api.request(
      '/api/v1/auth/login',
      json({ email: first.account.email, password: first.account.password }),
    );
    expect(oldLogin.status).toBe(401);
    const newLogin = await api.request(
      '/api/v1/auth/login',
      json({ email: first.account.email, password: 'a brand new passphrase 7' }),
    );
    expect(newLogin.status).toBe(200);
    const mails: { template: string; status: string }[] = await api.app
      .get(DataSource)
      .query(
        'SELECT template, status FROM outbox_messages WHERE recipient = $1 ORDER BY created_at',
        [first.account.email],
      );
    expect(mails.map((m) => m.template)).toEqual(['verify-email', 'password-changed']);
  });

  it('profile: update own fields, public view hides private ones, become host', async () => {
    const { accessToken, user } = await register(api);
    const patch = await api.request('/api/v1/users/me', {
      ...json({ bio: 'Loves mountains', phone: '+14155550123' }, bearer(accessToken)),
      method: 'PATCH',
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ bio: 'Loves mountains', phone: '+14155550123' });
    const bad = await api.request('/api/v1/users/me', {
      ...json({ phone: '555' }, bearer(accessToken)),
      method: 'PATCH',
    });
    expect(bad.status).toBe(400);
    const host = await api.request('/api/v1/users/me/host', {
      method: 'POST',
      headers: bearer(accessToken),
    });
    // Becoming a host changes the existing account: 200, not 201.
    expect(host.status).toBe(200);
    expect(await host.json()).toMatchObject({ isHost: true });
    const publicView = (await (await api.request(`/api/v1/users/${user.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(publicView).toMatchObject({
      id: user.id,
      firstName: 'Ada',
      bio: 'Loves mountains',
      isHost: true,
    });
    for (const hidden of ['email', 'phone', 'lastName', 'role', 'passwordHash'])
      expect(publicView).not.toHaveProperty(hidden);
    expect((await api.request('/api/v1/users/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await api.request('/api/v1/users/not-a-uuid')).status).toBe(400);
  });
});

describe('accounts and sign-in (GraphQL)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const gql = async (query: string, variables: object = {}, token?: string) =>
    (await (
      await api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}))
    ).json()) as {
      data: Record<string, never> | null;
      errors?: { extensions: { code: string } }[];
    };

  it('register, me, refreshToken, logout mirror REST, with the same error codes', async () => {
    const input = newAccount();
    const registered = await gql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id email } } }',
      { input },
    );
    const tokens = registered.data!.register as unknown as Tokens;
    expect(tokens.user.email).toBe(input.email);

    const dup = await gql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }',
      { input },
    );
    expect(dup.errors?.[0].extensions.code).toBe('EMAIL_TAKEN');

    const meResult = await gql('{ me { id email isHost } }', {}, tokens.accessToken);
    expect(meResult.data!.me).toMatchObject({
      id: tokens.user.id,
      email: input.email,
      isHost: false,
    });
    expect((await gql('{ me { id } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    const badLogin = await gql(
      'mutation { login(input: { email: "x@example.com", password: "wrong wrong wrong" }) { accessToken } }',
    );
    expect(badLogin.errors?.[0].extensions.code).toBe('INVALID_CREDENTIALS');

    const refreshed = await gql(
      'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }',
      { t: tokens.refreshToken },
    );
    const next = refreshed.data!.refreshToken as unknown as Tokens;
    expect(next.accessToken).toBeTruthy();
    expect((await gql('mutation { logout }', {}, next.accessToken)).data).toEqual({ logout: true });
    expect((await gql('{ me { id } }', {}, next.accessToken)).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );

    const publicUser = await gql('query($id: ID!) { user(id: $id) { id firstName } }', {
      id: tokens.user.id,
    });
    expect(publicUser.data!.user).toEqual({ id: tokens.user.id, firstName: 'Ada' });
  });
});
