import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '@app/users';
import { DataSource } from 'typeorm';
import { bearer, newAccount, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { listingInput, registerHost, send } from './support/listings';
import { testConfig } from './support/test-env';

const PROBLEM = /^application\/problem\+json/;

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

/**
 * One rule for every string of every input: C0 control characters and DEL are
 * refused (NUL would reach PostgreSQL, which refuses it with a 500); tab and line
 * breaks only where a field is marked multi-line.
 */
describe('control characters in any text field -> 400 VALIDATION_FAILED naming the field', () => {
  let api: RunningApi;
  let guest: Registered;
  let host: Registered;
  let admin: Registered;
  let db: DataSource;

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    db = api.app.get(DataSource);
    guest = await register(api);
    host = await registerHost(api);
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
  });

  afterAll(async () => {
    await api?.close();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number(((await db.query(sql, params)) as { n: string }[])[0].n);

  // [case, request, field, rows that must stay untouched]
  const table: [string, () => [string, RequestInit], string, () => Promise<number>][] = [
    [
      'NUL in the login email',
      () => [
        '/api/v1/auth/login',
        json({ email: 'ada\u0000@example.com', password: 'x'.repeat(12) }),
      ],
      'email',
      async () => 0,
    ],
    [
      'NUL in the registration first name',
      () => {
        const account = newAccount({ firstName: 'Ada\u0000' });
        lastEmail = account.email;
        return ['/api/v1/auth/register', json(account)];
      },
      'firstName',
      () => count('SELECT count(*) AS n FROM users WHERE email = $1', [lastEmail]),
    ],
    [
      'NUL in the bio (a multi-line field)',
      () => ['/api/v1/users/me', send('PATCH', { bio: 'Hello\u0000there' }, guest.accessToken)],
      'bio',
      () =>
        count('SELECT count(*) AS n FROM users WHERE id = $1 AND bio IS NOT NULL', [guest.user.id]),
    ],
    [
      'a line break in the last name (single-line)',
      () => ['/api/v1/users/me', send('PATCH', { lastName: 'Love\nlace' }, guest.accessToken)],
      'lastName',
      () =>
        count("SELECT count(*) AS n FROM users WHERE id = $1 AND last_name <> 'Lovelace'", [
          guest.user.id,
        ]),
    ],
    [
      'DEL in a listing title',
      () => [
        '/api/v1/listings',
        json(listingInput({ title: 'Loft\u007f by the canal' }), bearer(host.accessToken)),
      ],
      'title',
      () => count('SELECT count(*) AS n FROM listings WHERE host_id = $1', [host.user.id]),
    ],
    [
      'NUL in a photo caption (nested)',
      () => [
        '/api/v1/listings',
        json(
          listingInput({
            photos: [{ url: 'https://picsum.photos/seed/a/1200/800', caption: 'x\u0000' }],
          }),
          bearer(host.accessToken),
        ),
      ],
      'photos.0.caption',
      () => count('SELECT count(*) AS n FROM listings WHERE host_id = $1', [host.user.id]),
    ],
    [
      'an escape character in a listing description (multi-line, but not a control)',
      () => [
        '/api/v1/listings',
        json(listingInput({ description: 'Nice\u001b[31m loft' }), bearer(host.accessToken)),
      ],
      'description',
      () => count('SELECT count(*) AS n FROM listings WHERE host_id = $1', [host.user.id]),
    ],
    ['NUL in the search city', () => ['/api/v1/listings?city=Paris%00', {}], 'city', async () => 0],
    [
      "NUL in the admin's user search",
      () => ['/api/v1/admin/users?q=ada%00', { headers: bearer(admin.accessToken) }],
      'q',
      async () => 0,
    ],
  ];
  let lastEmail = '';

  it.each(table)('%s', async (_name, request, field, rowsAfter) => {
    const [path, init] = request();
    const res = await api.request(path, init);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toContainEqual({
      field,
      message: expect.stringContaining('control characters'),
    });
    expect(await rowsAfter()).toBe(0);
  });

  it('multi-line fields keep their tabs and line breaks; single-line fields keep plain text', async () => {
    const bio = 'Mathematician.\r\n\tLoves quiet flats\nnear a bookshop.';
    const res = await api.request(
      '/api/v1/users/me',
      send('PATCH', { bio, lastName: 'Byron King' }, guest.accessToken),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ bio, lastName: 'Byron King' });
  });

  const graphql = (query: string, variables: Record<string, unknown>, token?: string) =>
    api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}));

  it('a GraphQL mutation variable with NUL -> VALIDATION_FAILED naming the field; no account is made', async () => {
    const account = newAccount({ lastName: `Love\u0000lace-${randomUUID()}` });
    const res = await graphql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }',
      { input: account },
    );
    const body = (await res.json()) as {
      data: unknown;
      errors: { extensions: { code: string; errors: { field: string; message: string }[] } }[];
    };
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0].extensions.errors).toContainEqual({
      field: 'lastName',
      message: expect.stringContaining('control characters'),
    });
    expect(await count('SELECT count(*) AS n FROM users WHERE email = $1', [account.email])).toBe(
      0,
    );
  });

  it('a GraphQL filter argument with NUL -> VALIDATION_FAILED naming the field', async () => {
    const res = await graphql(
      'query($c: String) { listings(filter: { city: $c }) { pageInfo { hasNextPage } } }',
      {
        c: 'Paris\u0000',
      },
    );
    const body = (await res.json()) as {
      errors: { extensions: { code: string; errors: { field: string }[] } }[];
    };
    expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0].extensions.errors).toContainEqual(
      expect.objectContaining({ field: 'filter.city' }),
    );
  });
});
