import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { UsersService } from '@app/users';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { booked, day, pay } from './support/bookings';
import { createPublished, registerHost, uniqueCity } from './support/listings';
import { testConfig } from './support/test-env';

interface AdminUser {
  id: string;
  email: string;
  suspendedAt: string | null;
  suspensionReason: string | null;
}
interface AuditEntry {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  details: Record<string, unknown>;
}

describe('admin API (REST + GraphQL): users, suspension, listing moderation, audit log', () => {
  let api: RunningApi;
  let admin: Registered;

  beforeAll(async () => {
    api = await startApi(
      await testConfig({ RATE_LIMIT_PER_MINUTE: '0', REDIS_URL: process.env.REDIS_URL }),
    );
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
  });
  afterAll(async () => {
    await api?.close();
  });

  const asAdmin = (path: string, body?: object) =>
    api.request(
      path,
      body ? json(body, bearer(admin.accessToken)) : { headers: bearer(admin.accessToken) },
    );
  const searchCity = async (city: string) =>
    (
      (await (await api.request(`/api/v1/listings?city=${encodeURIComponent(city)}`)).json()) as {
        data: { id: string }[];
      }
    ).data.map((l) => l.id);
  const gqlAs = async (token: string, query: string, variables: object = {}) =>
    (await (await api.request('/graphql', json({ query, variables }, bearer(token)))).json()) as {
      data: Record<string, never> | null;
      errors?: { message: string; extensions: { code: string } }[];
    };
  const auditOf = async (targetId: string) =>
    (
      (await (await asAdmin(`/api/v1/admin/audit-log?targetId=${targetId}`)).json()) as {
        data: AuditEntry[];
      }
    ).data;

  it('only admins: anonymous 401, a regular user 403 on every admin route', async () => {
    const user = await register(api);
    expect((await api.request('/api/v1/admin/users')).status).toBe(401);
    for (const [path, body] of [
      ['/api/v1/admin/users', undefined],
      ['/api/v1/admin/audit-log', undefined],
      [`/api/v1/admin/users/${user.user.id}/suspend`, { reason: 'because I can' }],
    ] as const) {
      const res = await api.request(
        path,
        body ? json(body, bearer(user.accessToken)) : { headers: bearer(user.accessToken) },
      );
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('search users by email or name prefix, any case, with cursor paging', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++)
      await register(api, {
        email: `${tag}-${i}@example.com`,
        password: 'a sturdy passphrase 42',
        firstName: 'Ada',
        lastName: 'Lovelace',
      });
    const first = (await (
      await asAdmin(`/api/v1/admin/users?q=${tag.toUpperCase()}&limit=2`)
    ).json()) as {
      data: AdminUser[];
      nextCursor: string;
    };
    expect(first.data).toHaveLength(2);
    const second = (await (
      await asAdmin(`/api/v1/admin/users?q=${tag}&limit=2&cursor=${first.nextCursor}`)
    ).json()) as { data: AdminUser[]; nextCursor: string | null };
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.data, ...second.data].map((u) => u.email).sort()).toEqual(
      [0, 1, 2].map((i) => `${tag}-${i}@example.com`),
    );
    const byName = (await (await asAdmin('/api/v1/admin/users?q=ada%20love&limit=100')).json()) as {
      data: AdminUser[];
    };
    expect(byName.data.length).toBeGreaterThanOrEqual(3);
    expect(byName.data[0]).not.toHaveProperty('passwordHash');
    expect((await asAdmin('/api/v1/admin/users?cursor=tampered!')).status).toBe(400);
  });

  it('suspend: tokens die at once, sign-in refused, listings leave (even cached) search; reinstate undoes it; both audited', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    const listing = await createPublished(api, host.accessToken, { city });
    expect(await searchCity(city)).toEqual([listing.id]); // also warms the cache

    const suspended = await asAdmin(`/api/v1/admin/users/${host.user.id}/suspend`, {
      reason: 'Listings reported as fake',
    });
    expect(suspended.status).toBe(200);
    expect((await suspended.json()) as AdminUser).toMatchObject({
      id: host.user.id,
      suspensionReason: 'Listings reported as fake',
    });
    expect(
      (await api.request('/api/v1/users/me', { headers: bearer(host.accessToken) })).status,
    ).toBe(401);
    expect(
      (await api.request('/api/v1/auth/refresh', json({ refreshToken: host.refreshToken }))).status,
    ).toBe(401);
    const login = await api.request(
      '/api/v1/auth/login',
      json({ email: host.account.email, password: host.account.password }),
    );
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
    expect(await searchCity(city)).toEqual([]);

    const again = await asAdmin(`/api/v1/admin/users/${host.user.id}/suspend`, { reason: 'twice' });
    expect(again.status).toBe(409);

    const reinstated = await asAdmin(`/api/v1/admin/users/${host.user.id}/reinstate`, {
      reason: 'Verified the host in person',
    });
    expect(reinstated.status).toBe(200);
    expect((await reinstated.json()) as AdminUser).toMatchObject({
      suspendedAt: null,
      suspensionReason: null,
    });
    expect(
      (
        await api.request(
          '/api/v1/auth/login',
          json({ email: host.account.email, password: host.account.password }),
        )
      ).status,
    ).toBe(200);
    expect(await searchCity(city)).toEqual([listing.id]);

    const audit = await auditOf(host.user.id);
    expect(audit.map((e) => [e.action, e.reason, e.actorId])).toEqual([
      ['user.reinstate', 'Verified the host in person', admin.user.id],
      ['user.suspend', 'Listings reported as fake', admin.user.id],
    ]);
  });

  it('unlist and archive any listing with a reason; the previous status is kept in the audit entry', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    const listing = await createPublished(api, host.accessToken, { city });
    const unlisted = await asAdmin(`/api/v1/admin/listings/${listing.id}/unlist`, {
      reason: 'Photos do not match the place',
    });
    expect(unlisted.status).toBe(200);
    expect(await unlisted.json()).toMatchObject({ id: listing.id, status: 'unlisted' });
    expect(await searchCity(city)).toEqual([]);
    const twice = await asAdmin(`/api/v1/admin/listings/${listing.id}/unlist`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'INVALID_LISTING_STATE' });
    const archived = await asAdmin(`/api/v1/admin/listings/${listing.id}/archive`, {
      reason: 'Host asked us to remove it',
    });
    expect(await archived.json()).toMatchObject({ status: 'archived' });
    expect((await auditOf(listing.id)).map((e) => [e.action, e.details.previousStatus])).toEqual([
      ['listing.archive', 'unlisted'],
      ['listing.unlist', 'published'],
    ]);
  });

  it('bad input: a missing or too short reason, an unknown field, a bad id, an unknown user, suspending an admin', async () => {
    const user = await register(api);
    const path = `/api/v1/admin/users/${user.user.id}/suspend`;
    for (const body of [{}, { reason: 'x' }, { reason: 'long enough', extra: true }]) {
      const res = await asAdmin(path, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(
      (await asAdmin('/api/v1/admin/users/not-a-uuid/suspend', { reason: 'spam' })).status,
    ).toBe(400);
    expect(
      (
        await asAdmin('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/suspend', {
          reason: 'spam',
        })
      ).status,
    ).toBe(404);
    const self = await asAdmin(`/api/v1/admin/users/${admin.user.id}/suspend`, { reason: 'oops' });
    expect(self.status).toBe(403);
    expect((await auditOf(user.user.id)).length).toBe(0);
  });

  it('GraphQL: adminUsers, suspendUser, reinstateUser and adminAuditLog mirror REST; non-admins get FORBIDDEN', async () => {
    const target = await register(api);
    const gql = async (query: string, variables: object, token = admin.accessToken) =>
      (await (await api.request('/graphql', json({ query, variables }, bearer(token)))).json()) as {
        data: Record<string, never> | null;
        errors?: { extensions: { code: string } }[];
      };
    const found = await gql(
      'query($q: String) { adminUsers(q: $q, first: 5) { nodes { id email } pageInfo { hasNextPage } } }',
      {
        q: target.account.email,
      },
    );
    expect(found.data!.adminUsers).toEqual({
      nodes: [{ id: target.user.id, email: target.account.email }],
      pageInfo: { hasNextPage: false },
    });
    const suspend = await gql(
      'mutation($id: ID!) { suspendUser(id: $id, input: { reason: "Chargeback fraud" }) { suspendedAt suspensionReason } }',
      { id: target.user.id },
    );
    expect(suspend.data!.suspendUser).toMatchObject({ suspensionReason: 'Chargeback fraud' });
    const reinstate = await gql(
      'mutation($id: ID!) { reinstateUser(id: $id, input: { reason: "Bank cleared it" }) { suspendedAt } }',
      { id: target.user.id },
    );
    expect(reinstate.data!.reinstateUser).toEqual({ suspendedAt: null });
    const log = await gql(
      'query($id: String) { adminAuditLog(targetId: $id) { nodes { action reason } } }',
      {
        id: target.user.id,
      },
    );
    expect(log.data!.adminAuditLog).toEqual({
      nodes: [
        { action: 'user.reinstate', reason: 'Bank cleared it' },
        { action: 'user.suspend', reason: 'Chargeback fraud' },
      ],
    });
    const denied = await gql('{ adminUsers { nodes { id } } }', {}, target.accessToken);
    expect(denied.errors?.[0].extensions.code).toBe('UNAUTHENTICATED'); // its login was revoked by the suspension
    const other = await register(api);
    const forbidden = await gql('{ adminUsers { nodes { id } } }', {}, other.accessToken);
    expect(forbidden.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('GraphQL: adminUnlistListing and adminArchiveListing move a listing out of search, audited with the reason; non-admins get FORBIDDEN', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    const listing = await createPublished(api, host.accessToken, { city });
    expect(await searchCity(city)).toEqual([listing.id]);
    const unlist = `mutation($id: ID!, $reason: String!) {
      adminUnlistListing(id: $id, input: { reason: $reason }) { id status } }`;
    const archive = `mutation($id: ID!, $reason: String!) {
      adminArchiveListing(id: $id, input: { reason: $reason }) { id status } }`;
    const ownStatus = async () =>
      (
        (await (
          await api.request(`/api/v1/listings/${listing.id}`, { headers: bearer(host.accessToken) })
        ).json()) as { status: string }
      ).status;

    // Not even the listing's own host may use the admin mutations: nothing changes, nothing is audited.
    for (const mutation of [unlist, archive]) {
      const denied = await gqlAs(host.accessToken, mutation, { id: listing.id, reason: 'Mine' });
      expect(denied.data).toBeNull();
      expect(denied.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await ownStatus()).toBe('published');
    expect(await searchCity(city)).toEqual([listing.id]);
    expect(await auditOf(listing.id)).toEqual([]);

    const unlisted = await gqlAs(admin.accessToken, unlist, {
      id: listing.id,
      reason: 'Photos show another flat',
    });
    expect(unlisted.errors).toBeUndefined();
    expect(unlisted.data!.adminUnlistListing).toEqual({ id: listing.id, status: 'unlisted' });
    expect(await searchCity(city)).toEqual([]);
    expect(await ownStatus()).toBe('unlisted');

    const archived = await gqlAs(admin.accessToken, archive, {
      id: listing.id,
      reason: 'Host left the platform',
    });
    expect(archived.errors).toBeUndefined();
    expect(archived.data!.adminArchiveListing).toEqual({ id: listing.id, status: 'archived' });
    expect(await searchCity(city)).toEqual([]);
    expect(await ownStatus()).toBe('archived');

    const log = await gqlAs(
      admin.accessToken,
      'query($id: String) { adminAuditLog(targetId: $id) { nodes { actorId action targetType targetId reason } } }',
      { id: listing.id },
    );
    expect(log.data!.adminAuditLog).toEqual({
      nodes: [
        {
          actorId: admin.user.id,
          action: 'listing.archive',
          targetType: 'listing',
          targetId: listing.id,
          reason: 'Host left the platform',
        },
        {
          actorId: admin.user.id,
          action: 'listing.unlist',
          targetType: 'listing',
          targetId: listing.id,
          reason: 'Photos show another flat',
        },
      ],
    });
    expect(
      (await auditOf(listing.id)).map((e) => [e.action, e.reason, e.details.previousStatus]),
    ).toEqual([
      ['listing.archive', 'Host left the platform', 'unlisted'],
      ['listing.unlist', 'Photos show another flat', 'published'],
    ]);
  });

  it('GraphQL: adminBooking shows any booking with its payments, refunds and history; non-admins get FORBIDDEN', async () => {
    const host = await registerHost(api);
    const guest = await register(api);
    const listing = await createPublished(api, host.accessToken, {
      cancellationPolicy: 'strict',
      nightlyPrice: 10000,
      cleaningFee: 0,
    });
    const booking = await booked(api, guest.accessToken, {
      listingId: listing.id,
      checkIn: day(45),
      checkOut: day(47),
      guests: 2,
    });
    expect((await pay(api, guest.accessToken, booking)).status).toBe(200);
    const query = `query($id: ID!) { adminBooking(id: $id) {
      booking { id status guestId hostId total { amount currency } }
      payments { status amount { amount } amountRefunded { amount } refunds { amount { amount } reason status } }
      events { event fromStatus toStatus actorId } } }`;
    const paid = booking.total.amount;

    const confirmed = await gqlAs(admin.accessToken, query, { id: booking.id });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.adminBooking).toEqual({
      booking: {
        id: booking.id,
        status: 'confirmed',
        guestId: guest.user.id,
        hostId: host.user.id,
        total: booking.total,
      },
      payments: [
        {
          status: 'succeeded',
          amount: { amount: paid },
          amountRefunded: { amount: 0 },
          refunds: [],
        },
      ],
      events: [
        { event: 'created', fromStatus: null, toStatus: 'pending_payment', actorId: guest.user.id },
        {
          event: 'payment_succeeded',
          fromStatus: 'pending_payment',
          toStatus: 'confirmed',
          actorId: null,
        },
      ],
    });

    // Cancelled on the host's behalf: the whole amount is owed back and the admin is the actor.
    // No worker runs here, so the refund is recorded but not yet made at the provider.
    const cancel = await asAdmin(`/api/v1/admin/bookings/${booking.id}/cancel`, {
      onBehalfOf: 'host',
      reason: 'Host double-booked the dates',
    });
    expect(cancel.status).toBe(200);
    const cancelled = await gqlAs(admin.accessToken, query, { id: booking.id });
    expect(cancelled.data!.adminBooking).toMatchObject({
      booking: { id: booking.id, status: 'cancelled_by_host' },
      payments: [
        {
          amount: { amount: paid },
          amountRefunded: { amount: 0 },
          refunds: [{ amount: { amount: paid }, reason: 'host_cancellation', status: 'pending' }],
        },
      ],
    });
    const events = (cancelled.data!.adminBooking as { events: { event: string }[] }).events;
    expect(events.map((e) => e.event)).toEqual(['created', 'payment_succeeded', 'host_cancelled']);
    expect(events.at(-1)).toEqual({
      event: 'host_cancelled',
      fromStatus: 'confirmed',
      toStatus: 'cancelled_by_host',
      actorId: admin.user.id,
    });

    for (const token of [guest.accessToken, host.accessToken]) {
      const denied = await gqlAs(token, query, { id: booking.id });
      expect(denied.data).toBeNull();
      expect(denied.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const unknown = await gqlAs(admin.accessToken, query, { id: randomUUID() });
    expect(unknown.data).toBeNull();
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  /** Every admin operation in /docs-json; the known routes must all be there. */
  const adminOperations = async () => {
    const res = await api.request('/docs-json');
    expect(res.status).toBe(200);
    const document = (await res.json()) as {
      paths: Record<
        string,
        Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>
      >;
    };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          route: `${method} ${path}`,
          operation,
        })),
      );
    expect(operations.map((o) => o.route)).toEqual(
      expect.arrayContaining([
        'get /api/v1/admin/users',
        'get /api/v1/admin/users/{id}',
        'post /api/v1/admin/users/{id}/suspend',
        'post /api/v1/admin/users/{id}/reinstate',
        'post /api/v1/admin/listings/{id}/unlist',
        'post /api/v1/admin/listings/{id}/archive',
        'get /api/v1/admin/bookings/{id}',
        'post /api/v1/admin/bookings/{id}/cancel',
        'get /api/v1/admin/audit-log',
        'post /api/v1/admin/reviews/{id}/hide',
      ]),
    );
    return operations;
  };

  it('Swagger: every admin REST route is tagged admin and documents its 401 and 403 answers', async () => {
    // Any admin route added later is held to the same rule.
    const gaps = (await adminOperations()).flatMap(({ route, operation }) => [
      ...(operation.tags?.includes('admin') ? [] : [`${route}: not tagged admin`]),
      ...(operation.responses?.['401'] ? [] : [`${route}: no 401`]),
      ...(operation.responses?.['403'] ? [] : [`${route}: no 403`]),
    ]);
    expect(gaps).toEqual([]);
  });

  it('Swagger: every admin REST route has a summary', async () => {
    const missing = (await adminOperations())
      .filter(({ operation }) => !operation.summary?.trim())
      .map(({ route }) => route);
    expect(missing).toEqual([]);
  });
});
