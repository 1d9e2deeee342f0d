import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { UsersService } from '@app/users';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered } from './support/accounts';
import { json, type RunningApi } from './support/api-server';
import { action, book, booked, day, getBooking, pay, type BookingBody } from './support/bookings';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './support/listings';
import type { MailCatcher } from './support/mail-catcher';
import { eventually } from './support/processes';
import { startStack, type Stack } from './support/stack';

/**
 * One bookable rule (published, host neither suspended nor deleted) on every
 * path a guest takes, and what happens to a host's bookings when they leave.
 */
describe('bookable listings: suspended and departed hosts', () => {
  const clock = new TestClock(new Date());
  let stack: Stack | undefined;
  let api: RunningApi;
  let smtp: MailCatcher;
  let db: DataSource;
  let admin: Registered;
  let guest: Registered;

  beforeAll(async () => {
    stack = await startStack(clock);
    ({ api, smtp } = stack);
    db = api.app.get(DataSource);
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
    guest = await register(api);
  });
  afterAll(() => stack?.stop());

  const stay = (listing: ListingBody, from: number, nights: number) => ({
    listingId: listing.id,
    checkIn: day(from, clock.now()),
    checkOut: day(from + nights, clock.now()),
    guests: 2,
  });
  const searchCity = async (city: string) =>
    (
      (await (await api.request(`/api/v1/listings?city=${encodeURIComponent(city)}`)).json()) as {
        data: { id: string }[];
      }
    ).data.map((l) => l.id);
  const gql = async (query: string, variables: object, token?: string) =>
    (await (
      await api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}))
    ).json()) as {
      data: Record<string, unknown> | null;
      errors?: { extensions: { code: string } }[];
    };

  /** What a guest reaches of a listing by direct link, REST and GraphQL. */
  const guestPaths = async (listing: ListingBody) => {
    const s = stay(listing, 30, 2);
    const quote = `/api/v1/listings/${listing.id}/quote?checkIn=${s.checkIn}&checkOut=${s.checkOut}&guests=2`;
    const gqlListing = await gql('query ($id: ID!) { listing(id: $id) { id } }', {
      id: listing.id,
    });
    const gqlQuote = await gql(
      'query ($id: ID!, $in: String!, $out: String!) { quote(listingId: $id, checkIn: $in, checkOut: $out, guests: 2) { nights } }',
      { id: listing.id, in: s.checkIn, out: s.checkOut },
    );
    const gqlBook = await gql(
      'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }',
      { input: s },
      guest.accessToken,
    );
    return {
      detail: (await api.request(`/api/v1/listings/${listing.id}`)).status,
      quote: (await api.request(quote)).status,
      calendar: (
        await api.request(
          `/api/v1/listings/${listing.id}/calendar?from=${s.checkIn}&to=${s.checkOut}`,
        )
      ).status,
      book: (await book(api, guest.accessToken, s)).status,
      search: (await searchCity(listing.city!)).includes(listing.id),
      gqlListing: gqlListing.errors?.[0]?.extensions.code ?? 'ok',
      gqlQuote: gqlQuote.errors?.[0]?.extensions.code ?? 'ok',
      gqlBook: gqlBook.errors?.[0]?.extensions.code ?? 'ok',
    };
  };
  const OPEN = {
    detail: 200,
    quote: 200,
    calendar: 200,
    search: true,
    gqlListing: 'ok',
    gqlQuote: 'ok',
  };
  const CLOSED = {
    detail: 404,
    quote: 404,
    calendar: 404,
    book: 404,
    search: false,
    gqlListing: 'NOT_FOUND',
    gqlQuote: 'NOT_FOUND',
    gqlBook: 'NOT_FOUND',
  };

  it("a suspended host's listing is closed on every path (REST and GraphQL, direct link, search); their bookings stay; reinstating reopens it", async () => {
    const host = await registerHost(api);
    const listing = await createPublished(api, host.accessToken, {
      instantBook: true,
      city: uniqueCity(),
    });
    const existing = await booked(api, guest.accessToken, stay(listing, 60, 2));
    await pay(api, guest.accessToken, existing);
    expect(await guestPaths(listing)).toMatchObject(OPEN);

    const suspend = await api.request(
      `/api/v1/admin/users/${host.user.id}/suspend`,
      json({ reason: 'fraud review' }, bearer(admin.accessToken)),
    );
    expect(suspend.status).toBe(200);
    expect(await guestPaths(listing)).toEqual(CLOSED);
    // Existing bookings are not cancelled by a suspension: the admin decides those.
    expect((await getBooking(api, guest.accessToken, existing.id)).status).toBe('confirmed');

    await api.request(
      `/api/v1/admin/users/${host.user.id}/reinstate`,
      json({ reason: 'cleared' }, bearer(admin.accessToken)),
    );
    expect(await guestPaths(listing)).toMatchObject(OPEN);
  });

  it('a host who deletes their account: listings leave search and cannot be booked; upcoming stays refunded in full, guests emailed; requests released; history kept', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    const instant = await createPublished(api, host.accessToken, { instantBook: true, city });
    const onRequest = await createPublished(api, host.accessToken, { instantBook: false, city });
    const confirmed = await booked(api, guest.accessToken, stay(instant, 40, 3));
    await pay(api, guest.accessToken, confirmed);
    const request = await booked(api, guest.accessToken, stay(onRequest, 45, 2));
    await pay(api, guest.accessToken, request);
    expect((await searchCity(city)).sort()).toEqual([instant.id, onRequest.id].sort());

    const deleted = await api.request('/api/v1/users/me', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', ...bearer(host.accessToken) },
      body: JSON.stringify({ password: host.account.password }),
    });
    expect(deleted.status).toBe(204);

    expect(await searchCity(city)).toEqual([]);
    expect(await guestPaths(instant)).toEqual(CLOSED);
    const cancelled = await eventually(async () => {
      const b = await getBooking(api, guest.accessToken, confirmed.id);
      return b.refund?.status === 'succeeded' ? b : undefined;
    }, 30_000);
    expect(cancelled).toMatchObject({
      status: 'cancelled_by_host',
      refund: { amount: confirmed.total, status: 'succeeded' },
      payment: { status: 'refunded', amountRefunded: confirmed.total },
    });
    const released = await eventually(async () => {
      const b = await getBooking(api, guest.accessToken, request.id);
      return b.payment?.status === 'canceled' ? b : undefined;
    }, 30_000);
    expect(released.status).toBe('declined');
    const mail = await eventually(
      async () =>
        smtp
          .to(guest.account.email)
          .find((m) => /cancel/i.test(m.subject ?? '') && m.text?.includes(confirmed.id)),
      30_000,
    );
    expect(mail.text).toContain(confirmed.id);
    // Kept for accounting, the host anonymised: the rows are there, the name is not.
    const [row] = (await db.query(
      'SELECT b.status, u.email, u.deleted_at IS NOT NULL AS deleted FROM bookings b JOIN users u ON u.id = b.host_id WHERE b.id = $1',
      [confirmed.id],
    )) as { status: string; email: string; deleted: boolean }[];
    expect(row).toMatchObject({ status: 'cancelled_by_host', deleted: true });
    expect(row.email).not.toBe(host.account.email);
    const history = (await db.query(
      'SELECT event, actor_id FROM booking_events WHERE booking_id = $1 ORDER BY id',
      [confirmed.id],
    )) as { event: string; actor_id: string | null }[];
    expect(history.at(-1)).toEqual({ event: 'host_cancelled', actor_id: host.user.id });
  });

  it('accept by a host whose listing was unlisted still answers the request (bookable governs new bookings only)', async () => {
    const host = await registerHost(api);
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const request: BookingBody = await booked(api, guest.accessToken, stay(listing, 70, 2));
    await pay(api, guest.accessToken, request);
    await api.request(`/api/v1/listings/${listing.id}/unpublish`, {
      method: 'POST',
      headers: bearer(host.accessToken),
    });
    const accepted = await action(api, host.accessToken, request.id, 'accept');
    expect(await accepted.json()).toMatchObject({ status: 'confirmed' });
  });
});
