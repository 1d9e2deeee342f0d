import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, newAccount, register, verifyEmail, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { book, day } from './support/bookings';
import { createPublished, registerHost, type ListingBody } from './support/listings';
import { testConfig } from './support/test-env';

interface GqlErrors {
  data: unknown;
  errors?: { message: string; extensions: { code: string } }[];
}

/** Booking and becoming a host need a verified email, on both transports. */
describe('email verification gates booking and hosting', () => {
  let api: RunningApi;
  let listing: ListingBody;
  let unverified: Registered;

  beforeAll(async () => {
    api = await startApi(await testConfig({ RATE_LIMIT_PER_MINUTE: '0' }));
    const host = await registerHost(api);
    listing = await createPublished(api, host.accessToken);
    unverified = await register(api, newAccount(), { verified: false });
  });
  afterAll(async () => {
    await api?.close();
  });

  const stay = () => ({ listingId: listing.id, checkIn: day(40), checkOut: day(43), guests: 2 });
  const gql = async (query: string, variables: Record<string, unknown>, token: string) =>
    (await (
      await api.request('/graphql', json({ query, variables }, bearer(token)))
    ).json()) as GqlErrors;
  const expectNotVerified = async (res: Response) => {
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('EMAIL_NOT_VERIFIED');
    expect(body.detail).toContain(unverified.account.email);
    expect(body.detail).toContain('/api/v1/auth/verify-email/resend');
  };

  it('an unverified account: POST /bookings and POST /users/me/host -> 403 EMAIL_NOT_VERIFIED with a resend hint; nothing is created', async () => {
    await expectNotVerified(await book(api, unverified.accessToken, stay()));
    await expectNotVerified(
      await api.request('/api/v1/users/me/host', {
        method: 'POST',
        headers: bearer(unverified.accessToken),
      }),
    );
    const mine = await api.request('/api/v1/bookings?role=guest', {
      headers: bearer(unverified.accessToken),
    });
    expect(((await mine.json()) as { data: unknown[] }).data).toEqual([]);
    const me = await api.request('/api/v1/users/me', { headers: bearer(unverified.accessToken) });
    expect(await me.json()).toMatchObject({ isHost: false, emailVerifiedAt: null });
  });

  it('the same over GraphQL: createBooking and becomeHost -> EMAIL_NOT_VERIFIED', async () => {
    const created = await gql(
      'mutation($input: CreateBookingInput!) { createBooking(input: $input) { id } }',
      { input: stay() },
      unverified.accessToken,
    );
    expect(created.errors?.[0].extensions.code).toBe('EMAIL_NOT_VERIFIED');
    expect(created.errors?.[0].message).toContain('verify-email/resend');
    const host = await gql('mutation { becomeHost { isHost } }', {}, unverified.accessToken);
    expect(host.errors?.[0].extensions.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('after following the mailed link, the same access token books and becomes a host', async () => {
    const account = await register(api, newAccount(), { verified: false });
    await verifyEmail(api, account.user.id);
    const booking = await book(api, account.accessToken, stay());
    expect(booking.status).toBe(201);
    const host = await gql('mutation { becomeHost { isHost } }', {}, account.accessToken);
    expect(host).toMatchObject({ data: { becomeHost: { isHost: true } } });
  });
});
