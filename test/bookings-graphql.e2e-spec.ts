import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { BookingLifecycle } from '@app/bookings';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered } from './support/accounts';
import { json, type RunningApi } from './support/api-server';
import { day } from './support/bookings';
import { createPublished, registerHost, type ListingBody } from './support/listings';
import type { MailCatcher } from './support/mail-catcher';
import { eventually } from './support/processes';
import { startStack, type Stack } from './support/stack';

/** GraphQL answers are read loosely: the assertions check the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface GqlResult<T> {
  data: T | null;
  errors?: { message: string; extensions: { code: string } }[];
}

const BOOKING_FIELDS = `id status mode checkIn checkOut nights guests total { amount currency }
  payment { id status clientSecret amount { amount } amountRefunded { amount } }
  refund { amount { amount } status reason }`;

/** The booking journeys over GraphQL: the same services and errors as REST. */
describe('bookings (GraphQL): quote, createBooking, simulatePayment, accept, decline, cancel, timeout', () => {
  const clock = new TestClock(new Date());
  let stack: Stack | undefined;
  let api: RunningApi;
  let smtp: MailCatcher;
  let host: Registered;
  let guest: Registered;

  beforeAll(async () => {
    stack = await startStack(clock);
    ({ api, smtp } = stack);
    host = await registerHost(api);
    guest = await register(api);
  });
  afterAll(() => stack?.stop());

  async function gql<T = Record<string, Json>>(
    query: string,
    variables: object,
    token?: string,
  ): Promise<GqlResult<T>> {
    const res = await api.request(
      '/graphql',
      json({ query, variables }, token ? bearer(token) : {}),
    );
    return (await res.json()) as GqlResult<T>;
  }
  const codeOf = (result: GqlResult<unknown>) => result.errors?.[0]?.extensions.code;

  const create = async (listing: ListingBody, from: number, nights: number) => {
    const result = await gql<{ createBooking: Json }>(
      `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { ${BOOKING_FIELDS} } }`,
      {
        input: {
          listingId: listing.id,
          checkIn: day(from, clock.now()),
          checkOut: day(from + nights, clock.now()),
          guests: 2,
        },
      },
      guest.accessToken,
    );
    expect(result.errors).toBeUndefined();
    return result.data!.createBooking;
  };
  const simulate = (booking: Json, outcome = 'succeed') =>
    gql<{ simulatePayment: Json }>(
      `mutation ($id: ID!, $input: SimulatePaymentInput!) { simulatePayment(paymentId: $id, input: $input) { ${BOOKING_FIELDS} } }`,
      { id: booking.payment.id, input: { outcome, clientSecret: booking.payment.clientSecret } },
      guest.accessToken,
    );
  const read = (id: string, token = guest.accessToken) =>
    gql<{ booking: Json }>(
      `query ($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS}
          listing { id title } guest { id firstName } host { id }
          payments { status refunds { amount { amount } status } } } }`,
      { id },
      token,
    );

  it('instant: quote, book, pay, read with listing/guest/payments, cancel -> refund, myBookings', async () => {
    const listing = await createPublished(api, host.accessToken, {
      nightlyPrice: 10000,
      cleaningFee: 2500,
      cancellationPolicy: 'flexible',
    });
    const quote = await gql<{ quote: Json }>(
      `query ($id: ID!, $in: String!, $out: String!) {
         quote(listingId: $id, checkIn: $in, checkOut: $out, guests: 2) {
           nights available total { amount currency } lines { kind amount { amount } } hostPayout { amount } } }`,
      { id: listing.id, in: day(30, clock.now()), out: day(33, clock.now()) },
    );
    expect(quote.errors).toBeUndefined();
    expect(quote.data!.quote).toMatchObject({
      nights: 3,
      available: true,
      total: { amount: 37050, currency: 'EUR' },
      hostPayout: { amount: 31525 },
    });

    const booking = await create(listing, 30, 3);
    expect(booking).toMatchObject({ status: 'pending_payment', mode: 'instant' });
    const paid = await simulate(booking);
    expect(paid.data!.simulatePayment).toMatchObject({
      status: 'confirmed',
      payment: { status: 'succeeded', clientSecret: null },
    });

    const seen = await read(booking.id, host.accessToken);
    expect(seen.data!.booking).toMatchObject({
      listing: { id: listing.id, title: listing.title },
      guest: { id: guest.user.id, firstName: 'Ada' },
      payments: [{ status: 'succeeded', refunds: [] }],
    });

    const cancelled = await gql<{ cancelBooking: Json }>(
      `mutation ($id: ID!) { cancelBooking(id: $id, input: { reason: "Sick" }) { ${BOOKING_FIELDS} } }`,
      { id: booking.id },
      guest.accessToken,
    );
    expect(cancelled.data!.cancelBooking).toMatchObject({
      status: 'cancelled_by_guest',
      refund: { amount: { amount: 37050 }, reason: 'full_refund' },
    });
    const calendar = await gql<{ listingCalendar: { days: { status: string }[] } }>(
      'query ($id: ID!, $from: String!, $to: String!) { listingCalendar(listingId: $id, from: $from, to: $to) { days { status } } }',
      { id: listing.id, from: day(30, clock.now()), to: day(32, clock.now()) },
    );
    expect(calendar.data!.listingCalendar.days.map((d) => d.status)).toEqual([
      'available',
      'available',
      'available',
    ]);
    for (const [to, subject] of [
      [guest.account.email, /is confirmed/],
      [host.account.email, /New booking/],
      [guest.account.email, /Booking cancelled/],
    ] as const)
      await eventually(async () => smtp.to(to).find((m) => subject.test(m.subject ?? '')), 30_000);
    const twice = await gql(
      'mutation ($id: ID!) { cancelBooking(id: $id) { id } }',
      { id: booking.id },
      guest.accessToken,
    );
    expect(codeOf(twice)).toBe('ALREADY_CANCELLED');
    await eventually(async () => {
      const b = (await read(booking.id)).data!.booking;
      return b.payments[0].status === 'refunded' && b.payments[0].refunds[0].status === 'succeeded'
        ? b
        : undefined;
    }, 30_000);

    const mine = await gql<{ myBookings: { data: { id: string }[]; nextCursor: string | null } }>(
      'query { myBookings(first: 50) { data { id status } nextCursor } }',
      {},
      guest.accessToken,
    );
    expect(mine.data!.myBookings.data.map((b) => b.id)).toContain(booking.id);
    const asHost = await gql<{ myBookings: { data: { id: string }[] } }>(
      'query { myBookings(role: "host", first: 50) { data { id } } }',
      {},
      host.accessToken,
    );
    expect(asHost.data!.myBookings.data.map((b) => b.id)).toContain(booking.id);
  });

  it('request: authorise -> accept (captured); another -> decline; another -> timeout', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const accepted = await create(listing, 40, 2);
    expect((await simulate(accepted)).data!.simulatePayment.status).toBe('awaiting_host');
    const byGuest = await gql(
      'mutation ($id: ID!) { acceptBooking(id: $id) { id } }',
      { id: accepted.id },
      guest.accessToken,
    );
    expect(codeOf(byGuest)).toBe('NOT_BOOKING_HOST');
    const ok = await gql<{ acceptBooking: Json }>(
      `mutation ($id: ID!) { acceptBooking(id: $id) { ${BOOKING_FIELDS} } }`,
      { id: accepted.id },
      host.accessToken,
    );
    expect(ok.data!.acceptBooking.status).toBe('confirmed');
    await eventually(
      async () =>
        (await read(accepted.id)).data!.booking.payment.status === 'succeeded' ? true : undefined,
      30_000,
    );

    const declined = await create(listing, 50, 2);
    await simulate(declined);
    const no = await gql<{ declineBooking: Json }>(
      `mutation ($id: ID!) { declineBooking(id: $id) { ${BOOKING_FIELDS} } }`,
      { id: declined.id },
      host.accessToken,
    );
    expect(no.data!.declineBooking.status).toBe('declined');

    const unanswered = await create(listing, 60, 2);
    await simulate(unanswered);
    clock.advance(24 * 3_600_000 + 1000);
    await api.app.get(BookingLifecycle).sweep();
    expect((await read(unanswered.id)).data!.booking.status).toBe('expired');
    const late = await gql(
      'mutation ($id: ID!) { acceptBooking(id: $id) { id } }',
      { id: unanswered.id },
      host.accessToken,
    );
    expect(codeOf(late)).toBe('INVALID_STATE');
    clock.set(new Date());
  });

  it('the guest withdraws a request awaiting the host (cancelBooking): withdrawn, authorisation released at once, dates freed, host told', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const request = await create(listing, 80, 2);
    expect((await simulate(request)).data!.simulatePayment.status).toBe('awaiting_host');
    const withdrawn = await gql<{ cancelBooking: Json }>(
      `mutation ($id: ID!) { cancelBooking(id: $id) { ${BOOKING_FIELDS} } }`,
      { id: request.id },
      guest.accessToken,
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.cancelBooking).toMatchObject({
      status: 'withdrawn',
      payment: { status: 'canceled' },
      refund: null,
    });
    const calendar = await api.request(
      `/api/v1/listings/${listing.id}/calendar?from=${request.checkIn}&to=${request.checkIn}`,
    );
    expect(((await calendar.json()) as { days: { status: string }[] }).days[0].status).toBe(
      'available',
    );
    await eventually(
      async () =>
        smtp
          .to(host.account.email)
          .find((m) => /withdrawn/.test(m.subject ?? '') && m.text?.includes(request.id)),
      30_000,
    );
    const late = await gql(
      'mutation ($id: ID!) { acceptBooking(id: $id) { id } }',
      { id: request.id },
      host.accessToken,
    );
    expect(codeOf(late)).toBe('INVALID_STATE');
    expect(late.errors![0].message).toBe(
      'The guest withdrew this request, so it can no longer be changed that way.',
    );
  });

  it('errors carry the REST codes: dates taken, own listing, bad dates, unauthenticated, not found', async () => {
    const listing = await createPublished(api, host.accessToken);
    await create(listing, 70, 3);
    const input = (from: number, nights: number, extra: object = {}) => ({
      input: {
        listingId: listing.id,
        checkIn: day(from, clock.now()),
        checkOut: day(from + nights, clock.now()),
        guests: 2,
        ...extra,
      },
    });
    const mutation =
      'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { id } }';
    expect(codeOf(await gql(mutation, input(71, 2), guest.accessToken))).toBe('DATES_UNAVAILABLE');
    expect(codeOf(await gql(mutation, input(80, 2), host.accessToken))).toBe('OWN_LISTING');
    expect(codeOf(await gql(mutation, input(-3, 2), guest.accessToken))).toBe('CHECK_IN_IN_PAST');
    expect(codeOf(await gql(mutation, input(80, 2, { guests: 99 }), guest.accessToken))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(await gql(mutation, input(80, 2)))).toBe('UNAUTHENTICATED');
    const stranger = await register(api);
    const someone = await gql(
      'query ($id: ID!) { booking(id: $id) { id } }',
      { id: (await create(listing, 90, 2)).id },
      stranger.accessToken,
    );
    expect(codeOf(someone)).toBe('NOT_FOUND');
    const rows = (await api.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM bookings WHERE listing_id = $1', [listing.id])) as {
      n: number;
    }[];
    expect(rows[0].n).toBe(2);
  });
});
