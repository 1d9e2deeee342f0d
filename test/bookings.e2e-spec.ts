import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Metrics, QueueName, TestClock } from '@app/core';
import { BOOKING_SWEEPER_ID, BookingLifecycle, PaymentReconciliation } from '@app/bookings';
import { PAYMENT_PROVIDER, type LocalPaymentProvider } from '@app/payments';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered } from './support/accounts';
import { json, type RunningApi } from './support/api-server';
import { action, book, booked, day, getBooking, pay, type BookingBody } from './support/bookings';
import {
  createListing,
  createPublished,
  registerHost,
  uniqueCity,
  type ListingBody,
} from './support/listings';
import type { MailCatcher } from './support/mail-catcher';
import { eventually, type RunningProcess } from './support/processes';
import { startStack, type Stack } from './support/stack';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Bookings end to end over REST: the API in this process (its clock moved by
 * the test), a real worker process for the payment calls and the emails, a
 * real SMTP server, the local payment provider.
 */
describe('bookings (REST): quote, book, pay, answer, cancel, refund, expire, complete', () => {
  const clock = new TestClock(new Date());
  let stack: Stack | undefined;
  let api: RunningApi;
  let worker: RunningProcess;
  let smtp: MailCatcher;
  let db: DataSource;
  let host: Registered;
  let guest: Registered;

  beforeAll(async () => {
    stack = await startStack(clock);
    ({ api, worker, smtp } = stack);
    db = api.app.get(DataSource);
    host = await registerHost(api);
    guest = await register(api);
  });
  afterAll(() => stack?.stop());

  const lifecycle = () => api.app.get(BookingLifecycle);
  const stay = (listing: ListingBody, from: number, nights: number, guests = 2) => ({
    listingId: listing.id,
    checkIn: day(from, clock.now()),
    checkOut: day(from + nights, clock.now()),
    guests,
  });
  const mailTo = (to: string, subject: RegExp) =>
    eventually(async () => smtp.to(to).find((m) => subject.test(m.subject ?? '')), 30_000).catch(
      (error: unknown) => {
        throw new Error(
          `no mail ${String(subject)} to ${to}: ${String(error)}\n${worker.output()}`,
        );
      },
    );
  /** The mails to `to` with a subject like `subject` about one booking (its reference is in the text). */
  const mailsAbout = (to: string, subject: RegExp, bookingId: string) =>
    smtp.to(to).filter((m) => subject.test(m.subject ?? '') && m.text?.includes(bookingId));
  const mailAbout = (to: string, subject: RegExp, bookingId: string) =>
    eventually(async () => mailsAbout(to, subject, bookingId)[0], 30_000).catch(
      (error: unknown) => {
        throw new Error(
          `no mail ${String(subject)} about ${bookingId} to ${to}: ${String(error)}\n${worker.output()}`,
        );
      },
    );
  const calendarDay = async (listingId: string, date: string) => {
    const res = await api.request(`/api/v1/listings/${listingId}/calendar?from=${date}&to=${date}`);
    return ((await res.json()) as { days: { status: string }[] }).days[0].status;
  };
  const rows = async (sql: string, params: unknown[]) =>
    (await db.query(sql, params)) as Record<string, unknown>[];
  /** The bookings queue on this run's backend (Redis or PostgreSQL), as the API sees it. */
  const bookingsQueue = () =>
    api.app.get<Queue>(getQueueToken(QueueName.BOOKINGS), { strict: false });
  /** A job of the bookings queue, as an operator finds it; a missing job fails the test. */
  const queuedJob = async (jobId: string) => {
    const job = await bookingsQueue().getJob(jobId);
    if (!job) throw new Error(`no job ${jobId} in the bookings queue`);
    return {
      name: job.name,
      data: job.data as unknown,
      delay: job.delay,
      optsDelay: job.opts.delay,
      timestamp: job.timestamp,
      state: await job.getState(),
    };
  };
  /** A delayed expiry job of `bookingId`, due `delay` ms after it was queued within [from, until]. */
  const expectExpiryJob = async (
    jobId: string,
    bookingId: string,
    expected: { delay: number; queuedFrom: number; queuedUntil: number },
  ) => {
    const job = await queuedJob(jobId);
    expect(job).toMatchObject({ name: 'expire-booking', data: { bookingId }, state: 'delayed' });
    expect(job.delay).toBeCloseTo(expected.delay, -3);
    expect(job.optsDelay).toBeCloseTo(expected.delay, -3);
    expect(job.timestamp).toBeGreaterThanOrEqual(expected.queuedFrom);
    expect(job.timestamp).toBeLessThanOrEqual(expected.queuedUntil);
  };
  const awaitBooking = (
    id: string,
    check: (b: BookingBody) => boolean,
    token = guest.accessToken,
  ) =>
    eventually(async () => {
      const b = await getBooking(api, token, id);
      return check(b) ? b : undefined;
    }, 30_000);

  it('instant book: quote, book, pay -> confirmed; emails; guest cancels -> policy refund sent; dates free again', async () => {
    const listing = await createPublished(api, host.accessToken, {
      instantBook: true,
      cancellationPolicy: 'moderate',
      nightlyPrice: 10000,
      cleaningFee: 2500,
      city: uniqueCity(),
    });
    const body = stay(listing, 30, 3);

    const quoteRes = await api.request(
      `/api/v1/listings/${listing.id}/quote?checkIn=${body.checkIn}&checkOut=${body.checkOut}&guests=2`,
    );
    expect(quoteRes.status).toBe(200);
    const quote = (await quoteRes.json()) as {
      total: { amount: number };
      lines: { kind: string; amount: { amount: number } }[];
      available: boolean;
    };
    // 3 x 100.00 + 25.00 cleaning = 325.00; 14 % guest fee = 45.50; total 370.50
    expect(quote).toMatchObject({
      nights: 3,
      available: true,
      total: { amount: 37050, currency: 'EUR' },
    });
    expect(quote.lines.reduce((sum, l) => sum + l.amount.amount, 0)).toBe(quote.total.amount);

    const searchUrl = `/api/v1/listings?city=${encodeURIComponent(String(listing.city))}&checkIn=${body.checkIn}&checkOut=${body.checkOut}`;
    const found = async () =>
      ((await (await api.request(searchUrl)).json()) as { data: { id: string }[] }).data.map(
        (l) => l.id,
      );
    expect(await found()).toEqual([listing.id]);
    // The repeat is served from the cache.
    expect((await api.request(searchUrl)).headers.get('x-cache')).toBe('HIT');

    const created = await booked(api, guest.accessToken, body);
    expect(created).toMatchObject({
      status: 'pending_payment',
      mode: 'instant',
      total: { amount: 37050, currency: 'EUR' },
      hostPayout: { amount: 32500 - 975 },
      payment: { status: 'requires_payment', amount: { amount: 37050 } },
    });
    expect(created.payment!.clientSecret).toEqual(expect.any(String));
    // Booked nights leave the calendar and search at once.
    expect(await calendarDay(listing.id, body.checkIn)).toBe('booked');
    expect(await found()).toEqual([]);

    // Another guest cannot pay it, and the wrong secret is refused.
    const stranger = await register(api);
    expect((await pay(api, stranger.accessToken, created)).status).toBe(404);
    const wrong = await api.request(
      `/api/v1/payments/${created.payment!.id}/simulate`,
      json({ outcome: 'succeed', clientSecret: 'nope' }, bearer(guest.accessToken)),
    );
    expect(wrong.status).toBe(403);

    // A declined card first: still pending, may try again.
    const failed = await pay(api, guest.accessToken, created, 'fail');
    expect(failed.status).toBe(200);
    expect(await failed.json()).toMatchObject({
      status: 'pending_payment',
      payment: { status: 'failed' },
    });
    const paid = await pay(api, guest.accessToken, created);
    expect(paid.status).toBe(200);
    const confirmed = (await paid.json()) as BookingBody;
    expect(confirmed).toMatchObject({ status: 'confirmed', payment: { status: 'succeeded' } });
    expect(confirmed.payment!.clientSecret).toBeNull();
    // Paying again is harmless and refused: the booking no longer takes a payment.
    expect((await pay(api, guest.accessToken, created)).status).toBe(409);

    const metrics = await (await api.request('/metrics')).text();
    expect(metrics).toMatch(/^bookings_created_total\{mode="instant"\} [1-9]/m);
    expect(metrics).toMatch(/^payments_failed_total\{provider="local"\} [1-9]/m);

    const guestMail = await mailTo(guest.account.email, /is confirmed/);
    expect(guestMail.text).toContain(created.id);
    expect(guestMail.text).toContain('370.50 EUR');
    await mailTo(host.account.email, /New booking/);

    // Host and guest both see it; a stranger gets 404.
    expect((await getBooking(api, host.accessToken, created.id)).status).toBe('confirmed');
    expect(
      (
        await api.request(`/api/v1/bookings/${created.id}`, {
          headers: bearer(stranger.accessToken),
        })
      ).status,
    ).toBe(404);

    // Moderate, 30 days ahead: a full refund.
    const cancelled = await action(api, guest.accessToken, created.id, 'cancel', {
      reason: 'Plans changed',
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({
      status: 'cancelled_by_guest',
      cancelledBy: 'guest',
      cancellationReason: 'Plans changed',
      refund: { amount: { amount: 37050 }, reason: 'full_refund' },
    });
    const again = await action(api, guest.accessToken, created.id, 'cancel');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_CANCELLED' });

    const refunded = await awaitBooking(created.id, (b) => b.refund?.status === 'succeeded');
    expect(refunded.payment).toMatchObject({
      status: 'refunded',
      amountRefunded: { amount: 37050 },
    });
    expect(await calendarDay(listing.id, body.checkIn)).toBe('available');
    expect(await found()).toEqual([listing.id]);
    await mailTo(host.account.email, /Booking cancelled/);
    const history = await rows(
      'SELECT event, to_status FROM booking_events WHERE booking_id = $1 ORDER BY id',
      [created.id],
    );
    expect(history.map((h) => h.event)).toEqual([
      'created',
      'payment_failed',
      'payment_succeeded',
      'guest_cancelled',
    ]);
  });

  it('a late guest cancellation follows the policy snapshot taken at booking time', async () => {
    const listing = await createPublished(api, host.accessToken, {
      cancellationPolicy: 'firm',
      nightlyPrice: 10000,
      cleaningFee: 0,
    });
    const created = await booked(api, guest.accessToken, stay(listing, 10, 2));
    await pay(api, guest.accessToken, created);
    // The host switches to flexible afterwards: the booking keeps firm.
    const patched = await api.request(`/api/v1/listings/${listing.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(host.accessToken) },
      body: JSON.stringify({ cancellationPolicy: 'flexible', nightlyPrice: 99000 }),
    });
    expect(patched.status).toBe(200);
    // Firm, 10 days ahead: half of the nights (100.00 of 200.00), no service fee back.
    const res = await action(api, guest.accessToken, created.id, 'cancel');
    expect(await res.json()).toMatchObject({
      status: 'cancelled_by_guest',
      total: { amount: 22800 },
      refund: { amount: { amount: 10000 }, reason: 'half_of_unused_nights' },
    });
    const refunded = await awaitBooking(created.id, (b) => b.refund?.status === 'succeeded');
    expect(refunded.payment).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: { amount: 10000 },
    });
  });

  it('the host cancels: the guest gets everything back', async () => {
    const listing = await createPublished(api, host.accessToken, { cancellationPolicy: 'strict' });
    const created = await booked(api, guest.accessToken, stay(listing, 3, 2));
    await pay(api, guest.accessToken, created);
    const res = await action(api, host.accessToken, created.id, 'cancel', { reason: 'Flooded' });
    const body = (await res.json()) as BookingBody;
    expect(body).toMatchObject({
      status: 'cancelled_by_host',
      refund: { reason: 'host_cancellation' },
    });
    expect(body.refund!.amount.amount).toBe(created.total.amount);
  });

  it('request to book -> authorised -> the host accepts -> captured; only the host may answer', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 20, 2));
    expect(created).toMatchObject({ mode: 'request', status: 'pending_payment' });
    const authorised = (await (await pay(api, guest.accessToken, created)).json()) as BookingBody;
    expect(authorised).toMatchObject({
      status: 'awaiting_host',
      payment: { status: 'authorized' },
    });
    await mailTo(host.account.email, /Booking request/);
    await mailTo(guest.account.email, /was sent/);

    const byGuest = await action(api, guest.accessToken, created.id, 'accept');
    expect(byGuest.status).toBe(403);
    expect(await byGuest.json()).toMatchObject({ code: 'NOT_BOOKING_HOST' });
    const otherHost = await registerHost(api);
    expect((await action(api, otherHost.accessToken, created.id, 'accept')).status).toBe(404);

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'confirmed' });
    // A second accept changes nothing.
    expect(await (await action(api, host.accessToken, created.id, 'accept')).json()).toMatchObject({
      status: 'confirmed',
    });
    // Declining an accepted booking is not a transition.
    const decline = await action(api, host.accessToken, created.id, 'decline');
    expect(decline.status).toBe(409);
    expect(await decline.json()).toMatchObject({ code: 'INVALID_STATE' });
    const captured = await awaitBooking(created.id, (b) => b.payment?.status === 'succeeded');
    expect(captured.payment).toMatchObject({ amount: created.total });
    // Both sides hear of the accept, once (the repeated accept sent nothing).
    await mailAbout(guest.account.email, /is confirmed/, created.id);
    const toHost = await mailAbout(host.account.email, /New booking/, created.id);
    expect(toHost.text).toContain('Your payout');
    expect(mailsAbout(host.account.email, /New booking/, created.id)).toHaveLength(1);
  });

  /** Queues a job on the bookings queue as an operator (or an attacker) could, and waits for the worker to finish it. */
  const runJob = async (name: string, data: Record<string, string>) => {
    const job = await bookingsQueue().add(name, data, { jobId: `manual-${randomUUID()}` });
    await eventually(async () => {
      const state = await (await bookingsQueue().getJob(job.id!))?.getState();
      return state === 'completed' || state === 'failed' ? state : undefined;
    }, 30_000);
  };
  const payoutRows = (bookingId: string) =>
    rows('SELECT status, amount::int AS amount FROM payouts WHERE booking_id = $1', [bookingId]);
  const paymentRow = async (bookingId: string) =>
    (
      await rows(
        'SELECT status, amount_captured::int AS captured FROM payments WHERE booking_id = $1',
        [bookingId],
      )
    )[0];

  it('a cancel-payment job for a paid request awaiting its host changes nothing; the accept captures in full, then confirms', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 150, 2));
    await pay(api, guest.accessToken, created);
    await runJob('cancel-payment', { bookingId: created.id });
    expect(await paymentRow(created.id)).toEqual({ status: 'authorized', captured: 0 });
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('awaiting_host');
    // A capture job before the host answered is no accept either.
    await runJob('capture-payment', { bookingId: created.id });
    expect(await paymentRow(created.id)).toEqual({ status: 'authorized', captured: 0 });

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    // Captured before the answer: no window where it is confirmed but unpaid.
    expect(await accepted.json()).toMatchObject({
      status: 'confirmed',
      payment: { status: 'succeeded', amountCaptured: created.total },
    });
    expect(await payoutRows(created.id)).toEqual([
      { status: 'scheduled', amount: created.hostPayout.amount },
    ]);
  });

  it('accept captures first: an authorisation released at the provider ends the request expired (dates freed, both told once, no payout), never confirmed', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 155, 2));
    await pay(api, guest.accessToken, created);
    const provider = api.app.get<LocalPaymentProvider>(PAYMENT_PROVIDER, { strict: false });
    const [{ ref }] = (await rows(
      'SELECT provider_ref AS ref FROM payments WHERE booking_id = $1',
      [created.id],
    )) as { ref: string }[];
    await provider.cancel(ref); // released at the provider; our record does not know yet

    const accepted = await action(api, host.accessToken, created.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      status: 'expired',
      payment: { status: 'canceled', amountCaptured: { amount: 0 } },
    });
    expect(await payoutRows(created.id)).toEqual([]);
    expect(await calendarDay(listing.id, created.checkIn)).toBe('available');
    const history = await rows(
      'SELECT event, to_status FROM booking_events WHERE booking_id = $1 ORDER BY id',
      [created.id],
    );
    expect(history).toEqual([
      { event: 'created', to_status: 'pending_payment' },
      { event: 'payment_authorized', to_status: 'awaiting_host' },
      { event: 'payment_canceled', to_status: 'expired' },
    ]);
    // Accepting again, or a late cancel-payment job, changes nothing more.
    expect((await action(api, host.accessToken, created.id, 'accept')).status).toBe(409);
    await runJob('cancel-payment', { bookingId: created.id });
    expect(
      await rows('SELECT count(*)::int AS n FROM booking_events WHERE booking_id = $1', [
        created.id,
      ]),
    ).toEqual([{ n: 3 }]);
    await mailAbout(guest.account.email, /expired/, created.id);
    await mailAbout(host.account.email, /ended/, created.id);
    expect(mailsAbout(guest.account.email, /expired/, created.id)).toHaveLength(1);
    expect(mailsAbout(host.account.email, /ended/, created.id)).toHaveLength(1);
    expect(mailsAbout(guest.account.email, /is confirmed/, created.id)).toEqual([]);
  });

  it('the guest withdraws a request awaiting the host, or one not paid yet: withdrawn, authorisation released at once, dates freed, host told', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const waiting = await booked(api, guest.accessToken, stay(listing, 160, 2));
    await pay(api, guest.accessToken, waiting);
    const unpaid = await booked(api, guest.accessToken, stay(listing, 165, 2));

    const res = await action(api, guest.accessToken, waiting.id, 'cancel');
    expect(res.status).toBe(200);
    // Released before the answer, not by a job later.
    expect(await res.json()).toMatchObject({
      status: 'withdrawn',
      payment: { status: 'canceled', amountCaptured: { amount: 0 } },
      refund: null,
    });
    const [{ ref }] = (await rows(
      'SELECT provider_ref AS ref FROM payments WHERE booking_id = $1',
      [waiting.id],
    )) as { ref: string }[];
    const provider = api.app.get<LocalPaymentProvider>(PAYMENT_PROVIDER, { strict: false });
    expect((await provider.retrieve(ref)).status).toBe('canceled');
    expect(await calendarDay(listing.id, waiting.checkIn)).toBe('available');
    const toHost = await mailAbout(host.account.email, /withdrawn/, waiting.id);
    expect(toHost.text).toContain('nothing was charged');

    expect(await (await action(api, guest.accessToken, unpaid.id, 'cancel')).json()).toMatchObject({
      status: 'withdrawn',
      payment: { status: 'canceled' },
    });
    // The host never heard of the unpaid one, so is not told it was withdrawn.
    expect(mailsAbout(host.account.email, /./, unpaid.id)).toEqual([]);
    expect((await pay(api, guest.accessToken, unpaid)).status).toBe(409);

    // Withdrawn is final: a second cancel and the host's accept are refused with a sentence.
    const again = await action(api, guest.accessToken, waiting.id, 'cancel');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_CANCELLED' });
    const accept = await action(api, host.accessToken, waiting.id, 'accept');
    expect(accept.status).toBe(409);
    expect(await accept.json()).toMatchObject({
      code: 'INVALID_STATE',
      detail: 'The guest withdrew this request, so it can no longer be changed that way.',
      details: { status: 'withdrawn' },
    });
  });

  it('reconciliation reports a booking that breaks the payment invariant (metric and count), and clears it once repaired', async () => {
    const reconciliation = api.app.get(PaymentReconciliation);
    const gauge = async () => {
      const text = await api.app.get(Metrics).render();
      return Object.fromEntries(
        [...text.matchAll(/^booking_payment_invariant_violations\{rule="(\w+)"\} (\d+)$/gm)].map(
          (m) => [m[1], Number(m[2])],
        ),
      );
    };
    const baseline = await reconciliation.checkInvariant();
    const listing = await createPublished(api, host.accessToken, { instantBook: true });
    const created = await booked(api, guest.accessToken, stay(listing, 170, 2));
    await pay(api, guest.accessToken, created);
    expect(await reconciliation.checkInvariant()).toBe(baseline);

    // Broken by hand: confirmed, payout scheduled, nothing captured.
    await db.query('UPDATE payments SET amount_captured = 0 WHERE booking_id = $1', [created.id]);
    const report = await reconciliation.run();
    expect(report.violations).toBe(baseline + 2);
    expect(await gauge()).toMatchObject({
      confirmed_without_capture: expect.any(Number) as unknown as number,
      payout_without_capture: expect.any(Number) as unknown as number,
    });
    const counts = await gauge();
    expect(counts.confirmed_without_capture + counts.payout_without_capture).toBe(baseline + 2);

    await db.query('UPDATE payments SET amount_captured = $2 WHERE booking_id = $1', [
      created.id,
      created.total.amount,
    ]);
    expect(await reconciliation.checkInvariant()).toBe(baseline);
  });

  it('booking window: quotes, bookings and blocks beyond it (year 9999 too) are 400 VALIDATION_FAILED with a sentence; the host sets it up to 730 days', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: true });
    expect(listing).toMatchObject({ bookingWindowDays: 365 });
    const quoteAt = (from: number, nights: number) =>
      api.request(
        `/api/v1/listings/${listing.id}/quote?checkIn=${day(from, clock.now())}&checkOut=${day(from + nights, clock.now())}&guests=2`,
      );
    expect((await quoteAt(360, 2)).status).toBe(200);
    const far = await quoteAt(400, 2);
    expect(far.status).toBe(400);
    const body = (await far.json()) as {
      code: string;
      errors: { field: string; message: string }[];
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0]).toMatchObject({ field: 'checkOut' });
    expect(body.errors[0].message).toContain('at most 365 days ahead');
    const y9999 = await book(api, guest.accessToken, {
      listingId: listing.id,
      checkIn: '9999-01-01',
      checkOut: '9999-01-03',
      guests: 2,
    });
    expect(y9999.status).toBe(400);
    expect(await y9999.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rows('SELECT id FROM bookings WHERE listing_id = $1', [listing.id])).toEqual([]);

    const block = (startDate: string, endDate: string) =>
      api.request(
        `/api/v1/listings/${listing.id}/blocks`,
        json({ startDate, endDate }, bearer(host.accessToken)),
      );
    const blocked = await block('9999-01-01', '9999-01-05');
    expect(blocked.status).toBe(400);
    expect(await blocked.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await block(day(700, clock.now()), day(702, clock.now()))).status).toBe(201);

    const patch = (bookingWindowDays: number) =>
      api.request(`/api/v1/listings/${listing.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...bearer(host.accessToken) },
        body: JSON.stringify({ bookingWindowDays }),
      });
    expect((await patch(731)).status).toBe(400);
    expect(await (await patch(30)).json()).toMatchObject({ bookingWindowDays: 30 });
    expect((await quoteAt(40, 2)).status).toBe(400);
    expect((await quoteAt(20, 2)).status).toBe(200);
  });

  it('request -> the host declines: dates free, authorisation released, guest told', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const created = await booked(api, guest.accessToken, stay(listing, 21, 2));
    await pay(api, guest.accessToken, created);
    const res = await action(api, host.accessToken, created.id, 'decline');
    expect(await res.json()).toMatchObject({ status: 'declined' });
    expect(await calendarDay(listing.id, created.checkIn)).toBe('available');
    await awaitBooking(created.id, (b) => b.payment?.status === 'canceled');
    await mailAbout(guest.account.email, /was declined/, created.id);
    const toHost = await mailAbout(host.account.email, /ended/, created.id);
    expect(toHost.text).toContain('you declined the request');
  });

  it('deadlines: unpaid after 15 minutes and unanswered after 24 hours expire (clock moved), dates free', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const unpaid = await booked(api, guest.accessToken, stay(listing, 40, 2));
    const request = await booked(api, guest.accessToken, stay(listing, 50, 2));
    await pay(api, guest.accessToken, request);

    clock.advance(14 * MINUTE);
    await lifecycle().sweep();
    expect((await getBooking(api, guest.accessToken, unpaid.id)).status).toBe('pending_payment');
    clock.advance(2 * MINUTE);
    await lifecycle().sweep();
    expect((await getBooking(api, guest.accessToken, unpaid.id)).status).toBe('expired');
    expect(await calendarDay(listing.id, unpaid.checkIn)).toBe('available');
    expect((await pay(api, guest.accessToken, unpaid)).status).toBe(409);
    expect((await getBooking(api, guest.accessToken, request.id)).status).toBe('awaiting_host');

    clock.advance(24 * HOUR);
    const swept = await lifecycle().sweep();
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const expired = await getBooking(api, guest.accessToken, request.id);
    expect(expired.status).toBe('expired');
    expect(await calendarDay(listing.id, request.checkIn)).toBe('available');
    // Sweeping again is harmless.
    await lifecycle().sweep();
    expect(
      await rows(
        "SELECT count(*)::int AS n FROM booking_events WHERE booking_id = $1 AND event = 'deadline_passed'",
        [request.id],
      ),
    ).toEqual([{ n: 1 }]);
    await awaitBooking(request.id, (b) => b.payment?.status === 'canceled');
    await mailAbout(guest.account.email, /expired/, request.id);
    const toHost = await mailAbout(host.account.email, /ended/, request.id);
    expect(toHost.text).toContain('the request was not answered within 24 hours');
    // The unpaid instant booking never reached the host: only its guest hears of the expiry.
    await mailAbout(guest.account.email, /expired/, unpaid.id);
    expect(mailsAbout(host.account.email, /./, unpaid.id)).toEqual([]);
    expect((await action(api, host.accessToken, request.id, 'accept')).status).toBe(409);
  });

  it('lifecycle jobs: a booking queues its expiry at the payment deadline (15 min), an authorised request at the host deadline (24 h); the sweeper is scheduled', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    // The API reads the test clock (standing still) for deadlines and delays; the
    // queue stamps jobs with the wall clock.
    const bookedAt = clock.now().getTime();
    const bookingFrom = Date.now();
    const created = await booked(api, guest.accessToken, stay(listing, 140, 2));
    const bookingUntil = Date.now();
    const paymentDeadline = Date.parse(String(created.deadlineAt));
    expect(paymentDeadline - bookedAt).toBe(15 * MINUTE);
    // Due at the deadline: delayed by the time from booking to deadline (to within 0.5 s).
    await expectExpiryJob(`expire-payment-${created.id}`, created.id, {
      delay: paymentDeadline - bookedAt,
      queuedFrom: bookingFrom,
      queuedUntil: bookingUntil,
    });

    // Paid five minutes later: the host has 24 hours from then, not from the booking.
    clock.advance(5 * MINUTE);
    const authorisedAt = clock.now().getTime();
    const payFrom = Date.now();
    const authorised = (await (await pay(api, guest.accessToken, created)).json()) as BookingBody;
    const payUntil = Date.now();
    expect(authorised.status).toBe('awaiting_host');
    const hostDeadline = Date.parse(String(authorised.deadlineAt));
    expect(hostDeadline - authorisedAt).toBe(24 * HOUR);
    await expectExpiryJob(`expire-host-${created.id}`, created.id, {
      delay: hostDeadline - authorisedAt,
      queuedFrom: payFrom,
      queuedUntil: payUntil,
    });

    // The worker registers the periodic sweeper when it starts.
    const sweeper = await eventually(
      async () => (await bookingsQueue().getJobScheduler(BOOKING_SWEEPER_ID)) ?? undefined,
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`no bookings sweeper: ${String(error)}\n${worker.output()}`);
    });
    expect(sweeper).toMatchObject({ name: 'sweep-bookings', every: MINUTE });
  });

  it('a stay completes after check-out in the listing time zone', async () => {
    const listing = await createPublished(api, host.accessToken, {
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      nightlyPrice: 15000,
      cleaningFee: 3000,
      checkOutTime: '10:00',
    });
    const created = await booked(api, guest.accessToken, stay(listing, 5, 2));
    expect(created.total).toEqual({ amount: 37620, currency: 'JPY' });
    await pay(api, guest.accessToken, created);
    // 09:59 in Tokyo on the check-out day: not yet.
    clock.set(new Date(`${created.checkOut}T00:59:00Z`));
    await lifecycle().sweep();
    expect((await getBooking(api, guest.accessToken, created.id)).status).toBe('confirmed');
    clock.set(new Date(`${created.checkOut}T01:00:00Z`));
    await lifecycle().sweep();
    const done = await getBooking(api, guest.accessToken, created.id);
    expect(done.status).toBe('completed');
    expect((await action(api, guest.accessToken, created.id, 'cancel')).status).toBe(409);
    await mailAbout(guest.account.email, /Thanks for staying/, created.id);
    const toHost = await mailAbout(host.account.email, /stay at .* is over/, created.id);
    // JPY has no minor unit: the amount prints as it is stored.
    expect(toHost.text).toContain(`Your payout for it: ${created.hostPayout.amount} JPY`);
    clock.set(new Date());
  });

  it('bad input: each its own 4xx code, and no rows left behind', async () => {
    const listing = await createPublished(api, host.accessToken, {
      minNights: 2,
      maxNights: 5,
      maxGuests: 3,
    });
    const count = async () =>
      (await rows('SELECT count(*)::int AS n FROM bookings WHERE listing_id = $1', [listing.id]))[0]
        .n;
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ ...stay(listing, -2, 3) }, 422, 'CHECK_IN_IN_PAST'],
      [{ ...stay(listing, 10, 3), checkOut: day(9, clock.now()) }, 400, 'INVALID_DATE_RANGE'],
      [stay(listing, 10, 1), 422, 'STAY_TOO_SHORT'],
      [stay(listing, 10, 6), 422, 'STAY_TOO_LONG'],
      [stay(listing, 10, 3, 4), 422, 'TOO_MANY_GUESTS'],
      [{ ...stay(listing, 10, 3), checkIn: '2030-02-30' }, 400, 'VALIDATION_FAILED'],
      [{ ...stay(listing, 10, 3), guests: 0 }, 400, 'VALIDATION_FAILED'],
      [{ ...stay(listing, 10, 3), total: 1 }, 400, 'VALIDATION_FAILED'],
      [{ ...stay(listing, 10, 3), listingId: randomUUID() }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await book(api, guest.accessToken, body);
      expect({
        body,
        status: res.status,
        code: ((await res.json()) as { code: string }).code,
      }).toEqual({
        body,
        status,
        code,
      });
    }
    const own = await book(api, host.accessToken, stay(listing, 10, 3));
    expect(own.status).toBe(422);
    expect(await own.json()).toMatchObject({ code: 'OWN_LISTING' });
    const draft = await createListing(api, host.accessToken);
    const unpublished = await book(api, guest.accessToken, stay(draft, 10, 3));
    expect(unpublished.status).toBe(404);
    expect((await api.request('/api/v1/bookings', json(stay(listing, 10, 3)))).status).toBe(401);

    // A host block, then a booking, then an overlapping booking.
    const block = await api.request(
      `/api/v1/listings/${listing.id}/blocks`,
      json(
        { startDate: day(20, clock.now()), endDate: day(22, clock.now()) },
        bearer(host.accessToken),
      ),
    );
    expect(block.status).toBe(201);
    const onBlock = await book(api, guest.accessToken, stay(listing, 21, 3));
    expect(onBlock.status).toBe(409);
    expect(await onBlock.json()).toMatchObject({ code: 'DATES_UNAVAILABLE' });
    await booked(api, guest.accessToken, stay(listing, 30, 3));
    const overlap = await book(api, guest.accessToken, stay(listing, 32, 2));
    expect(overlap.status).toBe(409);
    // Check-out day is free for the next check-in.
    await booked(api, guest.accessToken, stay(listing, 33, 2));
    expect(await count()).toBe(2);
    expect(
      await rows(
        "SELECT count(*)::int AS n FROM listing_calendar_holds WHERE listing_id = $1 AND kind = 'booking'",
        [listing.id],
      ),
    ).toEqual([{ n: 2 }]);
  });

  it("a check-in in the past is judged in the listing's time zone", async () => {
    // 20:00 UTC on 10 April: already the 11th in Tokyo, still the 10th (10:00) in Honolulu.
    clock.set(new Date('2031-04-10T20:00:00Z'));
    try {
      const tokyo = await createPublished(api, host.accessToken, { timezone: 'Asia/Tokyo' });
      const honolulu = await createPublished(api, host.accessToken, {
        timezone: 'Pacific/Honolulu',
      });
      const dates = (listing: ListingBody, checkIn: string, checkOut: string) => ({
        listingId: listing.id,
        checkIn,
        checkOut,
        guests: 2,
      });
      const count = async (listingId: string) =>
        (
          await rows('SELECT count(*)::int AS n FROM bookings WHERE listing_id = $1', [listingId])
        )[0].n;

      const late = await book(api, guest.accessToken, dates(tokyo, '2031-04-10', '2031-04-12'));
      expect(late.status).toBe(422);
      expect(await late.json()).toMatchObject({
        code: 'CHECK_IN_IN_PAST',
        details: { today: '2031-04-11' },
      });
      const lateQuote = await api.request(
        `/api/v1/listings/${tokyo.id}/quote?checkIn=2031-04-10&checkOut=2031-04-12&guests=2`,
      );
      expect(lateQuote.status).toBe(422);
      expect(await lateQuote.json()).toMatchObject({ code: 'CHECK_IN_IN_PAST' });
      expect(await count(tokyo.id)).toBe(0);
      // Today in Tokyo is still bookable there.
      const tokyoToday = await book(
        api,
        guest.accessToken,
        dates(tokyo, '2031-04-11', '2031-04-13'),
      );
      expect(tokyoToday.status).toBe(201);

      const inTime = await book(
        api,
        guest.accessToken,
        dates(honolulu, '2031-04-10', '2031-04-12'),
      );
      expect(inTime.status).toBe(201);
      expect(await inTime.json()).toMatchObject({
        checkIn: '2031-04-10',
        status: 'pending_payment',
      });
      // The day before is the past in Honolulu too.
      const yesterday = await book(
        api,
        guest.accessToken,
        dates(honolulu, '2031-04-09', '2031-04-12'),
      );
      expect(yesterday.status).toBe(422);
      expect(await yesterday.json()).toMatchObject({
        code: 'CHECK_IN_IN_PAST',
        details: { today: '2031-04-10' },
      });
    } finally {
      clock.set(new Date());
    }
  });

  it('Idempotency-Key: a retry gets the first answer, another body is refused, concurrent repeats make one booking', async () => {
    const listing = await createPublished(api, host.accessToken);
    const key = randomUUID();
    const body = stay(listing, 60, 2);
    const first = await book(api, guest.accessToken, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as BookingBody;
    const retry = await book(api, guest.accessToken, body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(firstBody);
    const other = await book(api, guest.accessToken, stay(listing, 70, 2), {
      'idempotency-key': key,
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    const together = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        book(api, guest.accessToken, stay(listing, 80, 2), { 'idempotency-key': together }),
      ),
    );
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as BookingBody).id));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(ids).size).toBe(1);
    expect(
      await rows('SELECT count(*)::int AS n FROM bookings WHERE listing_id = $1', [listing.id]),
    ).toEqual([{ n: 2 }]);

    // Cancel with a key: the repeat answers the same instead of ALREADY_CANCELLED.
    await pay(api, guest.accessToken, firstBody);
    const cancelKey = { 'idempotency-key': randomUUID() };
    const c1 = await action(api, guest.accessToken, firstBody.id, 'cancel', {}, cancelKey);
    const c2 = await action(api, guest.accessToken, firstBody.id, 'cancel', {}, cancelKey);
    expect([c1.status, c2.status]).toEqual([200, 200]);
    expect(await c2.json()).toEqual(await c1.json());
  });

  it('Idempotency-Key on accept and decline: a retry gets the first answer and writes nothing; the key is per route', async () => {
    const listing = await createPublished(api, host.accessToken, { instantBook: false });
    const toAccept = await booked(api, guest.accessToken, stay(listing, 150, 2));
    const toDecline = await booked(api, guest.accessToken, stay(listing, 155, 2));
    for (const request of [toAccept, toDecline])
      expect(await (await pay(api, guest.accessToken, request)).json()).toMatchObject({
        status: 'awaiting_host',
      });
    const key = { 'idempotency-key': randomUUID() };
    const history = async (id: string) =>
      (await rows('SELECT event FROM booking_events WHERE booking_id = $1 ORDER BY id', [id])).map(
        (h) => h.event,
      );

    const first = await action(api, host.accessToken, toAccept.id, 'accept', {}, key);
    expect(first.status).toBe(200);
    const accepted = (await first.json()) as BookingBody;
    expect(accepted).toMatchObject({ id: toAccept.id, status: 'confirmed' });
    // After the capture job, and after the guest cancelled, a retry still gets the first answer.
    await awaitBooking(toAccept.id, (b) => b.payment?.status === 'succeeded');
    const retry = await action(api, host.accessToken, toAccept.id, 'accept', {}, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(accepted);
    expect((await action(api, guest.accessToken, toAccept.id, 'cancel')).status).toBe(200);
    const late = await action(api, host.accessToken, toAccept.id, 'accept', {}, key);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual(accepted);
    // Without the key the same accept is a new request, refused now.
    const unkeyed = await action(api, host.accessToken, toAccept.id, 'accept');
    expect(unkeyed.status).toBe(409);
    expect(await unkeyed.json()).toMatchObject({ code: 'INVALID_STATE' });

    // The same key on another route is another request: it runs (no replay of the accept).
    const declined = await action(api, host.accessToken, toDecline.id, 'decline', {}, key);
    expect(declined.status).toBe(200);
    const declinedBody = (await declined.json()) as BookingBody;
    expect(declinedBody).toMatchObject({ id: toDecline.id, status: 'declined' });
    const crossed = await action(api, host.accessToken, toAccept.id, 'decline', {}, key);
    expect(crossed.status).toBe(409);
    expect(await crossed.json()).toMatchObject({ code: 'INVALID_STATE' });
    // Repeated declines, also at once, get the first answer after the authorisation is released.
    await awaitBooking(toDecline.id, (b) => b.payment?.status === 'canceled');
    const repeats = await Promise.all(
      Array.from({ length: 3 }, () =>
        action(api, host.accessToken, toDecline.id, 'decline', {}, key),
      ),
    );
    expect(repeats.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of repeats) expect(await r.json()).toEqual(declinedBody);

    // One history row per transition, whatever the retries.
    expect(await history(toAccept.id)).toEqual([
      'created',
      'payment_authorized',
      'host_accepted',
      'guest_cancelled',
    ]);
    expect(await history(toDecline.id)).toEqual(['created', 'payment_authorized', 'host_declined']);
    await mailAbout(guest.account.email, /was declined/, toDecline.id);
    expect(mailsAbout(guest.account.email, /was declined/, toDecline.id)).toHaveLength(1);
  });

  it('lists my bookings as guest and as host, newest first, with cursor paging', async () => {
    const listing = await createPublished(api, host.accessToken);
    const traveller = await register(api);
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await booked(api, traveller.accessToken, stay(listing, 100 + i * 3, 2))).id);
    const page1 = (await (
      await api.request('/api/v1/bookings?limit=2', { headers: bearer(traveller.accessToken) })
    ).json()) as { data: BookingBody[]; nextCursor: string };
    expect(page1.data.map((b) => b.id)).toEqual([made[2], made[1]]);
    const page2 = (await (
      await api.request(`/api/v1/bookings?limit=2&cursor=${page1.nextCursor}`, {
        headers: bearer(traveller.accessToken),
      })
    ).json()) as { data: BookingBody[]; nextCursor: string | null };
    expect(page2).toMatchObject({ data: [{ id: made[0] }], nextCursor: null });
    const asHost = (await (
      await api.request('/api/v1/bookings?role=host&limit=100', {
        headers: bearer(host.accessToken),
      })
    ).json()) as { data: BookingBody[] };
    expect(asHost.data.map((b) => b.id)).toEqual(expect.arrayContaining(made));
    const bad = await api.request('/api/v1/bookings?cursor=abc', {
      headers: bearer(traveller.accessToken),
    });
    expect(bad.status).toBe(400);
    const payments = await api.request(`/api/v1/bookings/${made[0]}/payments`, {
      headers: bearer(traveller.accessToken),
    });
    expect(await payments.json()).toMatchObject([{ status: 'requires_payment', refunds: [] }]);
  });

  it('Swagger documents every booking route with its answers, errors and bearer auth', async () => {
    const doc = (await (await api.request('/docs-json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; responses: Record<string, unknown>; security?: unknown[] }
        >
      >;
      components: {
        schemas: Record<string, { properties: Record<string, { example?: unknown }> }>;
      };
    };
    const routes: [string, string, string[]][] = [
      ['/api/v1/listings/{id}/quote', 'get', ['200', '404', '422']],
      ['/api/v1/bookings', 'post', ['201', '401', '409', '422']],
      ['/api/v1/bookings', 'get', ['200', '401']],
      ['/api/v1/bookings/{id}', 'get', ['200', '404']],
      ['/api/v1/bookings/{id}/payments', 'get', ['200', '404']],
      ['/api/v1/bookings/{id}/accept', 'post', ['200', '403', '409']],
      ['/api/v1/bookings/{id}/decline', 'post', ['200', '403', '409']],
      ['/api/v1/bookings/{id}/cancel', 'post', ['200', '409']],
      ['/api/v1/payments/{id}/simulate', 'post', ['200', '403', '404']],
      ['/api/v1/admin/bookings/{id}', 'get', ['200', '403']],
      ['/api/v1/admin/bookings/{id}/cancel', 'post', ['200', '409']],
    ];
    for (const [path, method, statuses] of routes) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
      if (!path.endsWith('/quote')) expect(operation!.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(statuses));
    }
    expect(doc.components.schemas.CreateBookingInput.properties.checkIn.example).toBe('2030-06-01');
    expect(doc.components.schemas.BookingView.properties.payment).toBeDefined();
  });
});
