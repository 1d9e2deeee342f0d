import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName, TestClock } from '@app/core';
import { BookingLifecycle, BookingPayouts } from '@app/bookings';
import { PAYOUT_SWEEPER_ID } from '@app/payments';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { action, booked, day, getBooking, pay, type BookingBody } from './support/bookings';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './support/listings';
import { MailCatcher } from './support/mail-catcher';
import { eventually, freePort, startProcess, type RunningProcess } from './support/processes';
import { StripeStandIn, type StandInEvent } from './support/stripe-stand-in';
import { OPERATOR_AUTH, testConfig, testEnv } from './support/test-env';

const HOUR = 3_600_000;

interface PayoutBody {
  id: string;
  bookingId: string;
  status: string;
  grossAmount: { amount: number; currency: string };
  amount: { amount: number; currency: string };
  transferred: { amount: number };
  reversed: { amount: number };
  dueAt: string;
  destinationAccount: string | null;
  transferRef: string | null;
}

type PaymentBody = NonNullable<BookingBody['payment']> & {
  provider: string;
  captureMethod: string;
  publishableKey?: string | null;
  amountCaptured: { amount: number };
};

/** UTC offset of Paris on a date, in hours (1 in winter, 2 in summer), read from Intl. */
function parisOffsetHours(date: string): number {
  const name = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    timeZoneName: 'shortOffset',
  })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')!.value;
  return Number(/GMT([+-]\d+)/.exec(name)![1]);
}

/** 24 h after 15:00 Paris time on the check-in date. */
function dueAfterCheckIn(checkIn: string): string {
  const checkInAt = Date.parse(`${checkIn}T15:00:00Z`) - parisOffsetHours(checkIn) * HOUR;
  return new Date(checkInAt + 24 * HOUR).toISOString();
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Payments through Stripe, end to end: the API (PAYMENTS_PROVIDER=stripe, its
 * clock moved by the test) and real worker processes talk to a local stand-in
 * for Stripe's API through the real SDK; webhooks are signed with the SDK's
 * test helper and delivered to the API over HTTP.
 */
describe('Stripe payments (REST + GraphQL, real worker processes, Stripe stand-in)', () => {
  const standIn = new StripeStandIn();
  const smtp = new MailCatcher();
  const clock = new TestClock(new Date());
  let env: Record<string, string | undefined>;
  let api: RunningApi;
  let worker: RunningProcess;
  let db: DataSource;
  let host: Registered;
  let guest: Registered;
  let webhookUrl: string;

  const startWorker = async () =>
    startProcess(
      'dist/apps/worker/src/main.js',
      await testEnv({ ...env, WORKER_HEALTH_PORT: String(await freePort()) }),
    );

  beforeAll(async () => {
    await standIn.start();
    await smtp.start();
    env = {
      PAYMENTS_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_stand_in',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_stand_in',
      STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
      STRIPE_API_URL: standIn.url,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: process.env.REDIS_URL,
      // A killed worker's job is taken over within a few seconds.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    };
    api = await startApi(await testConfig(env), { clock });
    worker = await startWorker();
    db = api.app.get(DataSource);
    webhookUrl = `${api.baseUrl}/api/v1/payments/webhooks/stripe`;
    host = await registerHost(api);
    guest = await register(api);
  });
  afterEach(() => {
    clock.set(new Date());
    standIn.refundsStartPending = false;
    standIn.release();
  });
  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await api?.close();
    await smtp.stop();
    await standIn.stop();
  });

  const stay = (listing: ListingBody, from: number, nights: number) => ({
    listingId: listing.id,
    checkIn: day(from, clock.now()),
    checkOut: day(from + nights, clock.now()),
    guests: 2,
  });
  const listingFor = (overrides: Record<string, unknown>, owner = host) =>
    createPublished(api, owner.accessToken, {
      nightlyPrice: 10000,
      cleaningFee: 2500,
      city: uniqueCity(),
      ...overrides,
    });
  const intentOf = (booking: BookingBody) => {
    const [intent] = standIn.paymentIntentsFor(booking.payment!.id);
    return intent;
  };
  const awaitBooking = (
    id: string,
    check: (b: BookingBody) => boolean,
    token = guest.accessToken,
  ) =>
    eventually(async () => {
      const b = await getBooking(api, token, id);
      return check(b) ? b : undefined;
    }, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${worker.output().slice(-3000)}`);
    });
  const rows = async (sql: string, params: unknown[]) =>
    (await db.query(sql, params)) as Record<string, unknown>[];
  const eventsProcessed = (ids: string[]) =>
    eventually(async () => {
      const [row] = await rows(
        'SELECT count(*)::int AS n FROM payment_events WHERE id = ANY($1) AND processed_at IS NOT NULL',
        [ids],
      );
      return row.n === ids.length ? true : undefined;
    }, 30_000);
  const payoutsOf = async (who: Registered) => {
    const res = await api.request('/api/v1/users/me/payouts?limit=100', {
      headers: bearer(who.accessToken),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: PayoutBody[] }).data;
  };
  const payoutOf = async (who: Registered, bookingId: string) =>
    (await payoutsOf(who)).find((p) => p.bookingId === bookingId);
  const gql = async <T>(query: string, variables: object, token: string) =>
    (await (await api.request('/graphql', json({ query, variables }, bearer(token)))).json()) as {
      data?: T;
      errors?: { message: string; extensions: { code: string } }[];
    };
  const payments = () => api.app.get(BookingPayouts);
  const calendarDay = async (listingId: string, date: string) => {
    const res = await api.request(`/api/v1/listings/${listingId}/calendar?from=${date}&to=${date}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { days: { status: string }[] }).days[0].status;
  };
  const historyOf = (bookingId: string) =>
    rows(
      'SELECT event, from_status, to_status, details FROM booking_events WHERE booking_id = $1 ORDER BY id',
      [bookingId],
    );
  const outboxOf = async (bookingId: string) =>
    (
      await rows(
        `SELECT template FROM outbox_messages WHERE data->>'bookingId' = $1 ORDER BY template`,
        [bookingId],
      )
    ).map((r) => r.template);
  const expiryMailsTo = (who: Registered, bookingId: string) =>
    smtp
      .to(who.account.email)
      .filter((m) => /expired/.test(m.subject ?? '') && m.text?.includes(bookingId));
  /**
   * Books a request and delivers Stripe's news of the authorisation: awaiting the host,
   * every delivered event applied (none is left to re-read the intent later).
   */
  const authorisedRequest = async (listing: ListingBody, from: number, nights: number) => {
    const created = await booked(api, guest.accessToken, stay(listing, from, nights));
    const intent = intentOf(created);
    standIn.confirm(intent.id);
    const events = standIn.eventsAbout(intent.id);
    await standIn.deliver(webhookUrl, events);
    await awaitBooking(created.id, (b) => b.status === 'awaiting_host');
    await eventsProcessed(events.map((e) => e.id));
    return { created, intent };
  };

  /** Books, pays at the stand-in and delivers Stripe's events: a confirmed instant booking. */
  const confirmedInstant = async (listing: ListingBody, from: number, nights: number) => {
    const created = await booked(api, guest.accessToken, stay(listing, from, nights));
    const intent = intentOf(created);
    standIn.confirm(intent.id);
    await standIn.deliver(webhookUrl, standIn.eventsAbout(intent.id));
    await awaitBooking(created.id, (b) => b.status === 'confirmed');
    return { created, intent };
  };

  it('instant book: an automatic-capture PaymentIntent for the total, paid -> confirmed by the webhook; payout scheduled 24 h after check-in', async () => {
    const listing = await listingFor({ instantBook: true });
    const body = stay(listing, 30, 3);
    const created = await booked(api, guest.accessToken, body);
    // 3 x 100.00 + 25.00 cleaning = 325.00; 14 % guest fee 45.50: 370.50, in cents.
    expect(created).toMatchObject({
      status: 'pending_payment',
      total: { amount: 37050, currency: 'EUR' },
      hostPayout: { amount: 31525, currency: 'EUR' },
      payment: {
        provider: 'stripe',
        status: 'requires_payment',
        captureMethod: 'automatic',
        publishableKey: 'pk_test_stand_in',
      },
    });
    const intent = intentOf(created);
    expect(created.payment!.clientSecret).toBe(intent.client_secret);
    const creates = standIn
      .requestsTo('POST', '/v1/payment_intents')
      .filter((r) => r.params['metadata[payment_id]'] === created.payment!.id);
    expect(creates).toHaveLength(1);
    expect(creates[0].params).toMatchObject({
      amount: '37050',
      currency: 'eur',
      capture_method: 'automatic',
      'metadata[booking_id]': created.id,
    });
    expect(creates[0].idempotencyKey).toBe(`payment:${created.payment!.id}:create`);

    // The guest pays in the browser with the client secret; Stripe tells us by webhook.
    standIn.confirm(intent.id);
    const events = standIn.eventsAbout(intent.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.succeeded',
      'charge.succeeded',
    ]);
    expect(await standIn.deliver(webhookUrl, events)).toEqual([200, 200, 200]);
    const confirmed = await awaitBooking(created.id, (b) => b.status === 'confirmed');
    expect(confirmed.payment).toMatchObject({
      status: 'succeeded',
      amountCaptured: { amount: 37050 },
      clientSecret: null,
    });
    await eventsProcessed(events.map((e) => e.id));
    expect(
      await rows('SELECT type, outcome FROM payment_events WHERE id = ANY($1) ORDER BY type', [
        events.map((e) => e.id),
      ]),
    ).toEqual([
      { type: 'charge.succeeded', outcome: 'applied' },
      { type: 'payment_intent.created', outcome: 'applied' },
      { type: 'payment_intent.succeeded', outcome: 'applied' },
    ]);
    const mail = await eventually(
      async () =>
        smtp
          .to(guest.account.email)
          .find((m) => /is confirmed/.test(m.subject ?? '') && m.text?.includes(created.id)),
      30_000,
    );
    expect(mail.text).toContain('370.50 EUR');

    expect(await payoutOf(host, created.id)).toMatchObject({
      status: 'scheduled',
      grossAmount: { amount: 31525, currency: 'EUR' },
      amount: { amount: 31525, currency: 'EUR' },
      transferred: { amount: 0 },
      dueAt: dueAfterCheckIn(body.checkIn),
    });
    // Guests have no payouts to see.
    const asGuest = await api.request('/api/v1/users/me/payouts', {
      headers: bearer(guest.accessToken),
    });
    expect(asGuest.status).toBe(403);
  });

  it('request to book: authorised (manual capture) -> awaiting host; accept captures it; a declined one (GraphQL) is released', async () => {
    const listing = await listingFor({ instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 20, 2));
    expect(created.payment).toMatchObject({ captureMethod: 'manual' });
    const intent = intentOf(created);
    expect(intent.capture_method).toBe('manual');

    standIn.confirm(intent.id);
    expect(await standIn.deliver(webhookUrl, standIn.eventsAbout(intent.id))).toEqual([200, 200]);
    const waiting = await awaitBooking(created.id, (b) => b.status === 'awaiting_host');
    expect(waiting.payment).toMatchObject({ status: 'authorized', amountCaptured: { amount: 0 } });
    expect(standIn.paymentIntent(intent.id)).toMatchObject({ status: 'requires_capture' });

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'confirmed' });
    const captured = await awaitBooking(created.id, (b) => b.payment?.status === 'succeeded');
    expect(captured.payment).toMatchObject({ amountCaptured: { amount: created.total.amount } });
    const captures = standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/capture`);
    expect(captures).toHaveLength(1);
    expect(captures[0].idempotencyKey).toBe(`payment:${created.payment!.id}:capture`);
    expect(standIn.paymentIntent(intent.id)).toMatchObject({
      status: 'succeeded',
      amount_received: created.total.amount,
    });
    // Stripe's own news of the capture arrives after; it changes nothing.
    const late = standIn.eventsAbout(intent.id).slice(2);
    expect(late.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.captured']);
    await standIn.deliver(webhookUrl, late);
    await eventsProcessed(late.map((e) => e.id));
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('confirmed');
    expect(await payoutOf(host, created.id)).toMatchObject({ status: 'scheduled' });

    // Another request, booked and declined through GraphQL.
    const fields = 'id status payment { id status captureMethod clientSecret publishableKey }';
    const viaGql = await gql<{ createBooking: BookingBody & { payment: PaymentBody } }>(
      `mutation($input: CreateBookingInput!) { createBooking(input: $input) { ${fields} } }`,
      { input: stay(listing, 40, 2) },
      guest.accessToken,
    );
    expect(viaGql.errors).toBeUndefined();
    const second = viaGql.data!.createBooking;
    expect(second.payment).toMatchObject({
      status: 'requires_payment',
      captureMethod: 'manual',
      publishableKey: 'pk_test_stand_in',
    });
    const secondIntent = intentOf(second);
    expect(second.payment.clientSecret).toBe(secondIntent.client_secret);
    standIn.confirm(secondIntent.id);
    await standIn.deliver(webhookUrl, standIn.eventsAbout(secondIntent.id));
    await awaitBooking(second.id, (b) => b.status === 'awaiting_host');
    const declined = await gql<{ declineBooking: { status: string } }>(
      'mutation($id: ID!) { declineBooking(id: $id) { status } }',
      { id: second.id },
      host.accessToken,
    );
    expect(declined.data?.declineBooking.status).toBe('declined');
    const released = await awaitBooking(second.id, (b) => b.payment?.status === 'canceled');
    expect(released.status).toBe('declined');
    const cancels = standIn.requestsTo('POST', `/v1/payment_intents/${secondIntent.id}/cancel`);
    expect(cancels.map((r) => r.idempotencyKey)).toEqual([`payment:${second.payment.id}:cancel`]);
    expect(standIn.paymentIntent(secondIntent.id)).toMatchObject({
      status: 'canceled',
      amount_received: 0,
    });
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${secondIntent.id}/capture`)).toEqual(
      [],
    );
    expect(await payoutOf(host, second.id)).toBeUndefined();
  });

  it('an authorisation Stripe cancels while the request awaits its host: the booking expires, its dates are free, the guest is told; repeats change nothing', async () => {
    const listing = await listingFor({ instantBook: false });
    const { created, intent } = await authorisedRequest(listing, 25, 2);

    // The authorisation lapses at Stripe before the host answers.
    standIn.cancel(intent.id);
    const canceled = standIn
      .eventsAbout(intent.id)
      .filter((e) => e.type === 'payment_intent.canceled');
    expect(canceled).toHaveLength(1);
    expect(await standIn.deliver(webhookUrl, canceled)).toEqual([200]);
    const expired = await awaitBooking(created.id, (b) => b.status === 'expired');
    expect(expired.payment).toMatchObject({ status: 'canceled', amountCaptured: { amount: 0 } });
    expect((await getBooking(api, host.accessToken, created.id)).status).toBe('expired');
    await eventsProcessed(canceled.map((e) => e.id));
    expect(
      await rows('SELECT outcome FROM payment_events WHERE id = $1', [canceled[0].id]),
    ).toEqual([{ outcome: 'applied' }]);

    // The dates are free again: the calendar says so and the same stay can be booked.
    expect(await calendarDay(listing.id, created.checkIn)).toBe('available');
    const rebooked = await booked(api, guest.accessToken, stay(listing, 25, 2));
    expect(rebooked.status).toBe('pending_payment');
    expect(await calendarDay(listing.id, created.checkIn)).toBe('booked');

    const history = await historyOf(created.id);
    expect(history.map((r) => r.event)).toEqual([
      'created',
      'payment_authorized',
      'payment_canceled',
    ]);
    expect(history[2]).toMatchObject({ from_status: 'awaiting_host', to_status: 'expired' });
    const mail = await eventually(async () => expiryMailsTo(guest, created.id)[0], 30_000);
    expect(mail.text).toContain('the card authorisation was cancelled');
    expect(mail.text).toContain('you were not charged');
    expect(await outboxOf(created.id)).toEqual([
      'booking-ended-for-host',
      'booking-expired',
      'booking-request-received',
      'booking-request-sent',
    ]);
    expect(await payoutOf(host, created.id)).toBeUndefined();
    // Stripe already cancelled it: nothing is captured or cancelled again.
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/`)).toEqual([]);

    // Stripe retries the same event, and every event about the intent arrives again as new
    // news, shuffled: each re-reads the cancelled intent, and none applies a second time.
    const renewed: StandInEvent[] = standIn
      .eventsAbout(intent.id)
      .map((e) => ({ ...e, id: `${e.id}_again` }));
    const deliveries = shuffled([...canceled, ...canceled, ...renewed]);
    expect(await standIn.deliver(webhookUrl, deliveries)).toEqual(deliveries.map(() => 200));
    await eventsProcessed(renewed.map((e) => e.id));
    expect(await historyOf(created.id)).toEqual(history);
    expect(await outboxOf(created.id)).toEqual([
      'booking-ended-for-host',
      'booking-expired',
      'booking-request-received',
      'booking-request-sent',
    ]);
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('expired');
    expect((await getBooking(api, guest.accessToken, rebooked.id)).status).toBe('pending_payment');
    expect(await calendarDay(listing.id, created.checkIn)).toBe('booked');
    expect(expiryMailsTo(guest, created.id)).toHaveLength(1);
  });

  it('a cancel-payment job for a request awaiting its host does not touch the authorisation at Stripe; the accept captures it, then confirms', async () => {
    const listing = await listingFor({ instantBook: false });
    const { created, intent } = await authorisedRequest(listing, 27, 2);
    const queue = api.app.get<Queue>(getQueueToken(QueueName.BOOKINGS), { strict: false });
    const job = await queue.add(
      'cancel-payment',
      { bookingId: created.id },
      { jobId: `manual-${intent.id}` },
    );
    await eventually(async () => {
      const state = await (await queue.getJob(job.id!))?.getState();
      return state === 'completed' || state === 'failed' ? state : undefined;
    }, 30_000);
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/cancel`)).toEqual([]);
    expect(standIn.paymentIntent(intent.id)).toMatchObject({ status: 'requires_capture' });

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      status: 'confirmed',
      payment: { status: 'succeeded', amountCaptured: { amount: created.total.amount } },
    });
    expect(standIn.paymentIntent(intent.id)).toMatchObject({
      status: 'succeeded',
      amount_received: created.total.amount,
    });
    expect(await payoutOf(host, created.id)).toMatchObject({ status: 'scheduled' });
  });

  it('an accepted request whose authorisation Stripe cancelled before the capture: the capture is refused, the booking expires, never confirmed, no payout', async () => {
    const listing = await listingFor({ instantBook: false });
    const { created, intent } = await authorisedRequest(listing, 26, 2);
    standIn.cancel(intent.id, 'requested_by_customer'); // its webhook is not delivered yet

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'expired' });
    const expired = await awaitBooking(created.id, (b) => b.status === 'expired');
    expect(expired.payment).toMatchObject({ status: 'canceled', amountCaptured: { amount: 0 } });
    const captures = standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/capture`);
    expect(captures).toHaveLength(1);
    expect(standIn.paymentIntent(intent.id)).toMatchObject({
      status: 'canceled',
      amount_received: 0,
    });
    expect(await payoutOf(host, created.id)).toBeUndefined();
    expect(await calendarDay(listing.id, created.checkIn)).toBe('available');
    const history = await historyOf(created.id);
    expect(history.map((r) => [r.event, r.to_status])).toEqual([
      ['created', 'pending_payment'],
      ['payment_authorized', 'awaiting_host'],
      ['payment_canceled', 'expired'],
    ]);
    await eventually(async () => expiryMailsTo(guest, created.id)[0], 30_000);

    // Stripe's news of the cancellation arrives afterwards: nothing more happens.
    const late = standIn.eventsAbout(intent.id).filter((e) => e.type === 'payment_intent.canceled');
    expect(await standIn.deliver(webhookUrl, [...late, ...late])).toEqual([200, 200]);
    await eventsProcessed(late.map((e) => e.id));
    expect(await historyOf(created.id)).toEqual(history);
    expect(await outboxOf(created.id)).toEqual([
      'booking-ended-for-host',
      'booking-expired',
      'booking-request-received',
      'booking-request-sent',
    ]);
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/capture`)).toHaveLength(1);
  });

  it("guest cancels: Stripe refunds the policy's amount; the refund follows its webhooks; the host's payout shrinks", async () => {
    standIn.refundsStartPending = true;
    const listing = await listingFor({ instantBook: true, cancellationPolicy: 'moderate' });
    // Moderate, 3 days before check-in: half of the 3 nights (150.00) and the cleaning fee (25.00).
    const { created, intent } = await confirmedInstant(listing, 3, 3);

    const res = await action(api, guest.accessToken, created.id, 'cancel', { reason: 'Sick' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'cancelled_by_guest',
      refund: { amount: { amount: 17500, currency: 'EUR' }, status: 'pending' },
    });
    const sent = await eventually(async () => {
      const [refund] = standIn.refundsOf(intent.id);
      return refund;
    }, 30_000);
    const mine = standIn
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.params.payment_intent === intent.id);
    expect(mine).toHaveLength(1);
    const refundId = mine[0].params['metadata[refund_id]'];
    expect(mine[0]).toMatchObject({
      params: { amount: '17500', payment_intent: intent.id },
      idempotencyKey: `refund:${refundId}`,
    });
    // Recorded as pending with Stripe's id until Stripe says more.
    await eventually(async () => {
      const [row] = await rows('SELECT status, provider_ref FROM refunds WHERE id = $1', [
        refundId,
      ]);
      return row?.provider_ref === sent.id ? row : undefined;
    });
    expect((await getBooking(api, guest.accessToken, created.id)).refund?.status).toBe('pending');

    standIn.settleRefund(sent.id);
    const news = standIn.events.filter(
      (e) =>
        e.object.id === sent.id ||
        (e.type === 'charge.refunded' && e.object.payment_intent === intent.id),
    );
    expect(news.map((e) => e.type)).toEqual([
      'refund.created',
      'refund.updated',
      'charge.refunded',
    ]);
    // Each delivered three times, shuffled, three at a time as Stripe's retries overlap.
    const deliveries = shuffled([...news, ...news, ...news]);
    const statuses: number[] = [];
    for (let i = 0; i < deliveries.length; i += 3)
      statuses.push(
        ...(
          await Promise.all(deliveries.slice(i, i + 3).map((e) => standIn.deliver(webhookUrl, [e])))
        ).flat(),
      );
    expect(statuses).toEqual(deliveries.map(() => 200));
    await eventsProcessed(news.map((e) => e.id));
    const refunded = await awaitBooking(created.id, (b) => b.refund?.status === 'succeeded');
    // The refund's amount is added to the payment once, however often Stripe told us.
    expect(refunded.payment).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: { amount: 17500 },
    });
    expect(
      await rows('SELECT status, amount FROM refunds WHERE booking_id = $1', [created.id]),
    ).toEqual([{ status: 'succeeded', amount: '17500' }]);
    expect(standIn.refund(sent.id)).toMatchObject({ status: 'succeeded', amount: 17500 });
    expect(
      standIn
        .requestsTo('POST', '/v1/refunds')
        .filter((r) => r.params.payment_intent === intent.id),
    ).toHaveLength(1);
    // The host keeps 315.25 x 150.00 / 325.00 = 145.50 of the subtotal's share, lowered once.
    expect(await payoutOf(host, created.id)).toMatchObject({
      status: 'scheduled',
      grossAmount: { amount: 31525 },
      amount: { amount: 14550 },
      reversed: { amount: 0 },
    });
    expect((await historyOf(created.id)).map((r) => r.event)).toEqual([
      'created',
      'payment_succeeded',
      'guest_cancelled',
    ]);
  });

  it('every webhook delivered three times, in shuffled order: each change is applied once', async () => {
    const instant = await listingFor({ instantBook: true });
    const request = await listingFor({ instantBook: false });
    const a = await booked(api, guest.accessToken, stay(instant, 50, 2));
    const b = await booked(api, guest.accessToken, stay(request, 50, 2));
    const c = await booked(api, guest.accessToken, stay(instant, 60, 2));
    const [ia, ib, ic] = [intentOf(a), intentOf(b), intentOf(c)];
    standIn.confirm(ia.id);
    standIn.confirm(ib.id);
    standIn.confirm(ic.id, 'decline');
    const events: StandInEvent[] = [ia, ib, ic].flatMap((i) => standIn.eventsAbout(i.id));
    expect(events).toHaveLength(3 + 2 + 2);
    const deliveries = shuffled([...events, ...events, ...events]);
    // Three at a time, as Stripe retries overlap.
    const statuses: number[] = [];
    for (let i = 0; i < deliveries.length; i += 3)
      statuses.push(
        ...(
          await Promise.all(deliveries.slice(i, i + 3).map((e) => standIn.deliver(webhookUrl, [e])))
        ).flat(),
      );
    expect(statuses).toEqual(deliveries.map(() => 200));
    await eventsProcessed(events.map((e) => e.id));
    const [stored] = await rows(
      'SELECT count(*)::int AS n FROM payment_events WHERE id = ANY($1)',
      [events.map((e) => e.id)],
    );
    expect(stored.n).toBe(events.length);

    await awaitBooking(a.id, (x) => x.status === 'confirmed' && x.payment?.status === 'succeeded');
    await awaitBooking(b.id, (x) => x.status === 'awaiting_host');
    const declinedCard = await awaitBooking(c.id, (x) => x.payment?.status === 'failed');
    expect(declinedCard.status).toBe('pending_payment');
    const history = async (id: string) =>
      (await rows('SELECT event FROM booking_events WHERE booking_id = $1 ORDER BY id', [id])).map(
        (r) => r.event,
      );
    expect(await history(a.id)).toEqual(['created', 'payment_succeeded']);
    expect(await history(b.id)).toEqual(['created', 'payment_authorized']);
    expect(await history(c.id)).toEqual(['created', 'payment_failed']);
    const outbox = async (id: string) =>
      (
        await rows(
          `SELECT template FROM outbox_messages WHERE data->>'bookingId' = $1 ORDER BY template`,
          [id],
        )
      ).map((r) => r.template);
    expect(await outbox(a.id)).toEqual(['booking-confirmed', 'booking-new-for-host']);
    expect(await outbox(b.id)).toEqual(['booking-request-received', 'booking-request-sent']);
    expect((await payoutsOf(host)).filter((p) => p.bookingId === a.id)).toHaveLength(1);
  });

  it('a tampered, unsigned, stale, future-dated or foreign signature is refused with 400 and nothing is stored', async () => {
    const listing = await listingFor({ instantBook: true });
    const created = await booked(api, guest.accessToken, stay(listing, 70, 2));
    const intent = standIn.confirm(intentOf(created).id);
    const post = (payload: string, signature?: string) =>
      api.request('/api/v1/payments/webhooks/stripe', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === undefined ? {} : { 'stripe-signature': signature }),
        },
        body: payload,
      });
    const genuine = standIn.signedEvent('payment_intent.succeeded', intent);
    const future = standIn.signedEvent('payment_intent.succeeded', intent, {
      eventId: genuine.eventId,
      timestamp: Math.floor(Date.now() / 1000) + 600,
    });
    const attempts: [string, string | undefined][] = [
      [genuine.payload.replace('"succeeded"', '"canceled"'), genuine.header],
      [genuine.payload, undefined],
      [genuine.payload, 'not a signature'],
      [
        genuine.payload,
        standIn.signedEvent('payment_intent.succeeded', intent, {
          eventId: genuine.eventId,
          secret: 'whsec_someone_else',
        }).header,
      ],
      [
        genuine.payload,
        standIn.signedEvent('payment_intent.succeeded', intent, {
          eventId: genuine.eventId,
          timestamp: Math.floor(Date.now() / 1000) - 600,
        }).header,
      ],
      // Signed by the real secret but dated 10 minutes ahead: past the 5-minute tolerance.
      [future.payload, future.header],
    ];
    for (const [payload, signature] of attempts) {
      const res = await post(payload, signature);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'INVALID_WEBHOOK_SIGNATURE' });
    }
    const notJson = await post('{not json', genuine.header);
    expect(notJson.status).toBe(400);
    expect(await rows('SELECT id FROM payment_events WHERE id = $1', [genuine.eventId])).toEqual(
      [],
    );
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('pending_payment');

    // The genuine delivery is then accepted.
    const ok = await post(genuine.payload, genuine.header);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ received: true, stored: true, id: genuine.eventId });
    await awaitBooking(created.id, (b) => b.status === 'confirmed');
  });

  it('an event about an object we do not know is recorded as ignored and changes no booking', async () => {
    const listing = await listingFor({ instantBook: true });
    const created = await booked(api, guest.accessToken, stay(listing, 90, 2));
    const before = {
      booking: await rows('SELECT b::text AS row FROM bookings b WHERE id = $1', [created.id]),
      payment: await rows('SELECT p::text AS row FROM payments p WHERE booking_id = $1', [
        created.id,
      ]),
      history: await historyOf(created.id),
    };
    // Another integration on the same account: a paid intent that none of our payments names,
    // even though its metadata mentions one of our bookings.
    const unknown = `pi_${'0'.repeat(8)}${Date.now().toString(16)}`;
    const { payload, header, eventId } = standIn.signedEvent('payment_intent.succeeded', {
      id: unknown,
      object: 'payment_intent',
      amount: created.total.amount,
      amount_received: created.total.amount,
      currency: 'eur',
      status: 'succeeded',
      metadata: { booking_id: created.id },
    });
    const res = await api.request('/api/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, stored: true, id: eventId });
    await eventsProcessed([eventId]);
    expect(
      await rows(
        'SELECT type, subject, subject_ref, outcome, attempts, last_error FROM payment_events WHERE id = $1',
        [eventId],
      ),
    ).toEqual([
      {
        type: 'payment_intent.succeeded',
        subject: 'payment',
        subject_ref: unknown,
        outcome: 'ignored',
        attempts: 1,
        last_error: null,
      },
    ]);
    // Nothing was asked of Stripe about it, and our booking is as it was.
    expect(standIn.requests.filter((r) => r.path.includes(unknown))).toEqual([]);
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('pending_payment');
    expect({
      booking: await rows('SELECT b::text AS row FROM bookings b WHERE id = $1', [created.id]),
      payment: await rows('SELECT p::text AS row FROM payments p WHERE booking_id = $1', [
        created.id,
      ]),
      history: await historyOf(created.id),
    }).toEqual(before);
    expect(await outboxOf(created.id)).toEqual([]);
  });

  it('a capture job whose worker dies after Stripe captured is retried by another worker: one charge, one idempotency key', async () => {
    const listing = await listingFor({ instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 80, 2));
    const intent = intentOf(created);
    standIn.confirm(intent.id);
    await standIn.deliver(webhookUrl, standIn.eventsAbout(intent.id));
    await awaitBooking(created.id, (b) => b.status === 'awaiting_host');

    const capturePath = `/v1/payment_intents/${intent.id}/capture`;
    const held = standIn.holdResponses('POST', capturePath);
    expect((await action(api, host.accessToken, created.id, 'accept')).status).toBe(200);
    await held;
    // Stripe has captured; the worker never hears it.
    expect(standIn.paymentIntent(intent.id)).toMatchObject({ status: 'succeeded' });
    await worker.stop('SIGKILL');
    standIn.release();
    worker = await startWorker();

    const paid = await awaitBooking(created.id, (b) => b.payment?.status === 'succeeded');
    expect(paid.payment).toMatchObject({ amountCaptured: { amount: created.total.amount } });
    const captures = standIn.requestsTo('POST', capturePath);
    expect(captures).toHaveLength(2);
    expect(new Set(captures.map((r) => r.idempotencyKey))).toEqual(
      new Set([`payment:${created.payment!.id}:capture`]),
    );
    expect(standIn.paymentIntent(intent.id)).toMatchObject({
      status: 'succeeded',
      amount_received: created.total.amount,
    });
    expect(
      standIn.eventsAbout(intent.id).filter((e) => e.type === 'payment_intent.succeeded'),
    ).toHaveLength(1);
  });

  it('reconciliation repairs a payment and a refund whose webhooks never came', async () => {
    const listing = await listingFor({ instantBook: true, cancellationPolicy: 'flexible' });
    const created = await booked(api, guest.accessToken, stay(listing, 10, 2));
    const intent = intentOf(created);
    standIn.confirm(intent.id); // paid, but no webhook is delivered

    const reconcile = async () => {
      const res = await api.request('/api/v1/system/payments/reconcile', {
        method: 'POST',
        headers: { authorization: OPERATOR_AUTH },
      });
      expect(res.status).toBe(202);
      return (await res.json()) as { id: string };
    };
    const unauthorised = await api.request('/api/v1/system/payments/reconcile', {
      method: 'POST',
    });
    expect(unauthorised.status).toBe(401);

    await reconcile();
    const confirmed = await awaitBooking(created.id, (b) => b.status === 'confirmed');
    expect(confirmed.payment).toMatchObject({ status: 'succeeded' });
    expect(await payoutOf(host, created.id)).toMatchObject({ status: 'scheduled' });

    // A refund Stripe settles without telling us.
    standIn.refundsStartPending = true;
    expect((await action(api, guest.accessToken, created.id, 'cancel')).status).toBe(200);
    const refund = await eventually(async () => {
      const [r] = standIn.refundsOf(intent.id);
      const [row] = r
        ? await rows('SELECT provider_ref FROM refunds WHERE provider_ref = $1', [r.id])
        : [];
      return row ? r : undefined;
    }, 30_000);
    standIn.settleRefund(refund.id);
    await reconcile();
    const refunded = await awaitBooking(created.id, (b) => b.refund?.status === 'succeeded');
    expect(refunded.payment).toMatchObject({
      status: 'refunded',
      amountRefunded: { amount: created.total.amount },
    });
  });

  it('payouts: transferred to the connected account once due, reversed in part after a late refund; owed until an account is registered (GraphQL)', async () => {
    const account = 'acct_1TestHostAccount';
    const put = await api.request('/api/v1/users/me/payout-account', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(host.accessToken) },
      body: JSON.stringify({ stripeAccountId: account }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ stripeAccountId: account });
    const read = await api.request('/api/v1/users/me/payout-account', {
      headers: bearer(host.accessToken),
    });
    expect(await read.json()).toMatchObject({ stripeAccountId: account });
    const bad = await api.request('/api/v1/users/me/payout-account', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(host.accessToken) },
      body: JSON.stringify({ stripeAccountId: 'ba_123' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    // Flexible, 5 nights of 100.00 + 25.00 cleaning: subtotal 525.00, host payout 509.25.
    const listing = await listingFor({ instantBook: true, cancellationPolicy: 'flexible' });
    const { created } = await confirmedInstant(listing, 2, 5);
    const payout = (await payoutOf(host, created.id))!;
    expect(payout).toMatchObject({ status: 'scheduled', amount: { amount: 50925 } });

    clock.set(new Date(Date.parse(payout.dueAt) - 60_000));
    expect(await payments().sweep()).toMatchObject({ paid: 0 });
    expect(standIn.requestsTo('POST', '/v1/transfers')).toEqual([]);
    clock.set(new Date(Date.parse(payout.dueAt) + 60_000));
    await payments().sweep();
    await payments().sweep(); // a second run pays nothing more
    const transfers = standIn
      .requestsTo('POST', '/v1/transfers')
      .filter((r) => r.params['metadata[payout_id]'] === payout.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      params: { amount: '50925', currency: 'eur', destination: account },
      idempotencyKey: `payout:${payout.id}`,
    });
    const paid = (await payoutOf(host, created.id))!;
    expect(paid).toMatchObject({
      status: 'paid',
      transferred: { amount: 50925 },
      destinationAccount: account,
    });
    expect(standIn.transfer(paid.transferRef!)).toMatchObject({ amount: 50925 });

    // Two nights used (24 h after check-in): flexible refunds the unused nights minus one, 200.00.
    const cancelled = await action(api, guest.accessToken, created.id, 'cancel');
    expect(await cancelled.json()).toMatchObject({ refund: { amount: { amount: 20000 } } });
    // The host keeps 509.25 x 325.00 / 525.00 = 315.25; 194.00 is taken back.
    const reversed = await eventually(async () => {
      const p = await payoutOf(host, created.id);
      return p?.reversed.amount ? p : undefined;
    }, 30_000);
    expect(reversed).toMatchObject({
      status: 'paid',
      amount: { amount: 31525 },
      transferred: { amount: 50925 },
      reversed: { amount: 19400 },
    });
    const reversals = standIn.requestsTo('POST', `/v1/transfers/${paid.transferRef}/reversals`);
    expect(reversals).toHaveLength(1);
    expect(reversals[0]).toMatchObject({
      params: { amount: '19400' },
      idempotencyKey: `payout:${payout.id}:reversal`,
    });

    // A host with no payout account: the payout is recorded as due, then paid once one is registered.
    const other = await registerHost(api);
    const theirs = await listingFor({ instantBook: true }, other);
    const second = await confirmedInstant(theirs, 2, 2);
    const owed = (await payoutOf(other, second.created.id))!;
    clock.set(new Date(Date.parse(owed.dueAt) + 60_000));
    await payments().sweep();
    const listed = await gql<{ myPayouts: { data: { bookingId: string; status: string }[] } }>(
      '{ myPayouts(first: 10) { data { bookingId status amount { amount currency } } nextCursor } }',
      {},
      other.accessToken,
    );
    expect(listed.data?.myPayouts.data).toEqual([
      expect.objectContaining({ bookingId: second.created.id, status: 'due' }),
    ]);
    expect(
      standIn
        .requestsTo('POST', '/v1/transfers')
        .filter((r) => r.params['metadata[payout_id]'] === owed.id),
    ).toEqual([]);
    const set = await gql<{ setPayoutAccount: { stripeAccountId: string } }>(
      'mutation($input: SetPayoutAccountInput!) { setPayoutAccount(input: $input) { stripeAccountId } }',
      { input: { stripeAccountId: 'acct_1OtherHost' } },
      other.accessToken,
    );
    expect(set.data?.setPayoutAccount.stripeAccountId).toBe('acct_1OtherHost');
    const settled = await eventually(async () => {
      const p = await payoutOf(other, second.created.id);
      return p?.status === 'paid' ? p : undefined;
    }, 30_000);
    expect(settled).toMatchObject({
      destinationAccount: 'acct_1OtherHost',
      transferred: { amount: owed.amount.amount },
    });
    const notHost = await gql('{ myPayouts { data { id } } }', {}, guest.accessToken);
    expect(notHost.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('the local card-holder simulation is refused under Stripe: 404 LOCAL_PAYMENTS_ONLY, nothing changes', async () => {
    const listing = await listingFor({ instantBook: true });
    const created = await booked(api, guest.accessToken, stay(listing, 60, 2));
    const intent = intentOf(created);

    const refused = await pay(api, guest.accessToken, created);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ code: 'LOCAL_PAYMENTS_ONLY' });
    const viaGql = await gql<{ simulatePayment: { status: string } }>(
      'mutation($id: ID!, $input: SimulatePaymentInput!) { simulatePayment(paymentId: $id, input: $input) { status } }',
      {
        id: created.payment!.id,
        input: { outcome: 'succeed', clientSecret: created.payment!.clientSecret },
      },
      guest.accessToken,
    );
    expect(viaGql.errors?.[0].extensions.code).toBe('LOCAL_PAYMENTS_ONLY');

    expect(await getBooking(api, guest.accessToken, created.id)).toMatchObject({
      status: 'pending_payment',
      payment: { status: 'requires_payment' },
    });
    expect(standIn.paymentIntent(intent.id)).toMatchObject({ status: 'requires_payment_method' });
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/`)).toEqual([]);
  });

  it('a request the host leaves unanswered for 24 h expires (clock moved, sweep): its authorisation is cancelled once, keyed by our payment id, and its dates are free', async () => {
    const listing = await listingFor({ instantBook: false });
    const { created, intent } = await authorisedRequest(listing, 70, 2);
    expect(standIn.paymentIntent(intent.id)).toMatchObject({ status: 'requires_capture' });

    // The host has 24 h from the authorisation (which the worker applied, on its own clock).
    const waiting = await getBooking(api, guest.accessToken, created.id);
    const deadline = Date.parse(String(waiting.deadlineAt));
    expect(deadline).toBeGreaterThan(clock.now().getTime() + 23 * HOUR);

    clock.set(new Date(deadline - 60_000));
    await api.app.get(BookingLifecycle).sweep();
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('awaiting_host');
    expect(standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/`)).toEqual([]);

    clock.set(new Date(deadline + 60_000));
    await api.app.get(BookingLifecycle).sweep();
    const expired = await awaitBooking(created.id, (b) => b.payment?.status === 'canceled');
    expect(expired).toMatchObject({
      status: 'expired',
      payment: { amountCaptured: { amount: 0 } },
    });
    // Sweeping again changes nothing.
    await api.app.get(BookingLifecycle).sweep();
    const history = await historyOf(created.id);
    expect(history.map((r) => [r.event, r.to_status])).toEqual([
      ['created', 'pending_payment'],
      ['payment_authorized', 'awaiting_host'],
      ['deadline_passed', 'expired'],
    ]);

    const cancels = standIn.requestsTo('POST', `/v1/payment_intents/${intent.id}/`);
    expect(cancels.map((r) => [r.path, r.idempotencyKey])).toEqual([
      [`/v1/payment_intents/${intent.id}/cancel`, `payment:${created.payment!.id}:cancel`],
    ]);
    expect(standIn.paymentIntent(intent.id)).toMatchObject({
      status: 'canceled',
      amount_received: 0,
    });
    expect(await calendarDay(listing.id, created.checkIn)).toBe('available');
    const rebooked = await booked(api, guest.accessToken, stay(listing, 70, 2));
    expect(rebooked.status).toBe('pending_payment');
    expect(await payoutOf(host, created.id)).toBeUndefined();
  });

  it('the worker registers the payout sweep: job scheduler payouts-sweeper, every 10 minutes', async () => {
    const queue = api.app.get<Queue>(getQueueToken(QueueName.PAYMENTS), { strict: false });
    // A scheduler left in the store from an earlier start proves nothing: remove it and restart.
    await worker.stop('SIGTERM');
    await queue.removeJobScheduler(PAYOUT_SWEEPER_ID);
    expect(await queue.getJobScheduler(PAYOUT_SWEEPER_ID)).toBeFalsy();
    worker = await startWorker();

    const sweeper = await eventually(
      async () => (await queue.getJobScheduler(PAYOUT_SWEEPER_ID)) ?? undefined,
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`no payouts sweeper: ${String(error)}\n${worker.output()}`);
    });
    expect(sweeper).toMatchObject({ name: 'sweep-payouts', every: 10 * 60_000 });
  });

  it('Swagger documents the webhook, payout and reconcile routes with their answers and auth', async () => {
    const doc = (await (await api.request('/docs-json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; responses: Record<string, unknown>; security?: unknown[] }
        >
      >;
    };
    const routes: [string, string, string[], unknown[] | undefined][] = [
      ['/api/v1/payments/webhooks/stripe', 'post', ['200', '400'], undefined],
      ['/api/v1/users/me/payouts', 'get', ['200', '401', '403'], [{ bearer: [] }]],
      ['/api/v1/users/me/payout-account', 'get', ['200', '401', '403'], [{ bearer: [] }]],
      ['/api/v1/users/me/payout-account', 'put', ['200', '400', '401', '403'], [{ bearer: [] }]],
      ['/api/v1/system/payments/reconcile', 'post', ['202'], [{ basic: [] }]],
    ];
    for (const [path, method, statuses, security] of routes) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(statuses));
      if (security) expect(operation!.security).toEqual(security);
    }
  });
});
