import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { ReviewWindows } from '@app/reviews';
import { UsersService } from '@app/users';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { createWorker, type WorkerApp } from '../apps/worker/src/worker.factory';
import { BookingLifecycle } from '@app/bookings';
import { bearer, register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { booked, day, getBooking, pay } from './support/bookings';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './support/listings';
import { MailCatcher } from './support/mail-catcher';
import { eventually } from './support/processes';
import {
  guestReview,
  hostReview,
  insertStay,
  staysWithNewHosts,
  tamperedCursor,
  type Stay,
} from './support/reviews';
import { testConfig } from './support/test-env';

const DAY_MS = 24 * 3600 * 1000;
const WEB_APP_URL = 'https://app.marketplace.test';

interface Review {
  id: string;
  bookingId: string;
  listingId: string;
  authorRole: 'guest' | 'host';
  author: { id: string; firstName: string };
  subjectId: string;
  overall: number;
  subRatings: Record<string, number> | null;
  wouldHostAgain: boolean | null;
  text: string;
  status: 'pending' | 'published';
  publishedAt: string | null;
  response: { text: string; respondedAt: string } | null;
}
interface ReviewPage {
  data: Review[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { field: string }[];
}

/**
 * Reviews end to end over REST: the API and a worker built in this process
 * with one TestClock, the review-window job run in-process as the worker's
 * scheduler would run it, and mail delivered to a real SMTP server.
 */
describe('reviews (REST): double blind, windows, reminders, aggregates, moderation', () => {
  const smtp = new MailCatcher();
  const clock = new TestClock(new Date());
  let api: RunningApi;
  let worker: WorkerApp;
  let db: DataSource;
  let admin: Registered;

  beforeAll(async () => {
    await smtp.start();
    const config = await testConfig({
      RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: process.env.REDIS_URL,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WEB_APP_URL,
    });
    api = await startApi(config, { clock });
    worker = await createWorker(config, { clock });
    db = api.app.get(DataSource);
    admin = await register(api);
    await api.app.get(UsersService).setRole(admin.account.email, 'admin');
  });
  afterAll(async () => {
    await worker?.app.close();
    await api?.close();
    await smtp.stop();
  });

  /** The review-window job, run in the worker as its scheduler runs it. */
  const sweep = () => worker.app.get(ReviewWindows, { strict: false }).sweep();

  /** A published listing, its host and a guest whose stay there was completed just now. */
  const completedStay = async (
    host?: Registered,
    listing?: ListingBody,
    status = 'completed',
  ): Promise<Stay> => {
    host ??= await registerHost(api);
    listing ??= await createPublished(api, host.accessToken, { city: uniqueCity() });
    const guest = await register(api);
    const bookingId = await insertStay(db, {
      listingId: listing.id,
      guestId: guest.user.id,
      hostId: host.user.id,
      status,
      completedAt: status === 'completed' ? clock.now() : null,
    });
    return { host, guest, listing, bookingId };
  };

  const post = (path: string, body: object, token: string) =>
    api.request(path, json(body, bearer(token)));
  const review = (stay: Stay, who: 'guest' | 'host', body?: object) =>
    post(
      `/api/v1/bookings/${stay.bookingId}/reviews`,
      body ?? (who === 'guest' ? guestReview() : hostReview()),
      stay[who].accessToken,
    );
  const getJson = async <T>(path: string, token?: string): Promise<T> => {
    const res = await api.request(path, token ? { headers: bearer(token) } : {});
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const stayReviews = (stay: Stay, who: 'guest' | 'host') =>
    getJson<Review[]>(`/api/v1/bookings/${stay.bookingId}/reviews`, stay[who].accessToken);
  const listingReviews = (listingId: string) =>
    getJson<ReviewPage>(`/api/v1/listings/${listingId}/reviews`);
  const userReviews = (userId: string, query = '') =>
    getJson<ReviewPage>(`/api/v1/users/${userId}/reviews${query}`);
  const listing = (id: string) =>
    getJson<{
      ratingAverage: number | null;
      ratingCount: number;
      subRatings: Record<string, number | null>;
    }>(`/api/v1/listings/${id}`);
  const profile = (id: string) =>
    getJson<{ guestRatingAverage: number | null; guestRatingCount: number }>(`/api/v1/users/${id}`);
  const mails = (to: string, subject: RegExp) =>
    smtp.to(to).filter((m) => subject.test(m.subject ?? ''));
  const mailTo = (to: string, subject: RegExp, count = 1): Promise<ParsedMail[]> =>
    eventually(async () => {
      const found = mails(to, subject);
      return found.length >= count ? found : undefined;
    }, 30_000);
  /** Time for a duplicate mail to arrive, if the code were wrong. */
  const settle = () => new Promise((r) => setTimeout(r, 500));
  const expectProblem = async (res: Response, status: number, code: string) => {
    const body = (await res.json()) as Problem;
    expect({ status: res.status, code: body.code }).toEqual({ status, code });
    return body;
  };

  it('both sides review: each hidden from the other until the second, then both published at once', async () => {
    const stay = await completedStay();
    await sweep();
    const [opened] = await mailTo(stay.guest.account.email, /How was your stay/);
    expect(opened.subject).toContain(stay.listing.title);
    expect(opened.text).toContain(`${WEB_APP_URL}/trips/${stay.bookingId}/reviews`);
    await mailTo(stay.host.account.email, /How was your stay/);

    const first = await review(stay, 'guest');
    expect(first.status).toBe(201);
    const guestsReview = (await first.json()) as Review;
    expect(guestsReview).toMatchObject({
      status: 'pending',
      publishedAt: null,
      authorRole: 'guest',
      overall: 5,
      subjectId: stay.host.user.id,
      subRatings: {
        cleanliness: 5,
        accuracy: 4,
        communication: 5,
        location: 4,
        checkIn: 5,
        value: 4,
      },
    });
    // The author reads it; the host and the public do not.
    expect((await stayReviews(stay, 'guest')).map((r) => r.id)).toEqual([guestsReview.id]);
    expect(await stayReviews(stay, 'host')).toEqual([]);
    expect((await listingReviews(stay.listing.id)).data).toEqual([]);
    expect((await userReviews(stay.host.user.id)).data).toEqual([]);
    expect(await listing(stay.listing.id)).toMatchObject({ ratingAverage: null, ratingCount: 0 });

    const second = await review(stay, 'host', hostReview({ overall: 4, wouldHostAgain: true }));
    expect(second.status).toBe(201);
    const hostsReview = (await second.json()) as Review;
    expect(hostsReview).toMatchObject({
      status: 'published',
      wouldHostAgain: true,
      subRatings: null,
    });

    // Both published together, both visible to both sides and the public.
    const seenByHost = await stayReviews(stay, 'host');
    expect(seenByHost.map((r) => [r.authorRole, r.status])).toEqual([
      ['guest', 'published'],
      ['host', 'published'],
    ]);
    expect(seenByHost[0].publishedAt).toBe(seenByHost[1].publishedAt);
    // "Would host again" is for its author only.
    expect(seenByHost.find((r) => r.authorRole === 'host')?.wouldHostAgain).toBe(true);
    expect(
      (await stayReviews(stay, 'guest')).find((r) => r.authorRole === 'host')?.wouldHostAgain,
    ).toBeNull();
    expect((await listingReviews(stay.listing.id)).data.map((r) => r.id)).toEqual([
      guestsReview.id,
    ]);
    expect((await userReviews(stay.guest.user.id)).data.map((r) => r.id)).toEqual([hostsReview.id]);
    expect((await userReviews(stay.host.user.id, '?as=host')).data.map((r) => r.id)).toEqual([
      guestsReview.id,
    ]);
    expect((await userReviews(stay.host.user.id, '?as=guest')).data).toEqual([]);

    // Aggregates moved with the publication (and the cached detail with them).
    expect(await listing(stay.listing.id)).toMatchObject({
      ratingAverage: 5,
      ratingCount: 1,
      subRatings: {
        cleanliness: 5,
        accuracy: 4,
        communication: 5,
        location: 4,
        checkIn: 5,
        value: 4,
      },
    });
    expect(await profile(stay.guest.user.id)).toMatchObject({
      guestRatingAverage: 4,
      guestRatingCount: 1,
    });

    // Each author is told once; the window's later sweeps send nothing more.
    await mailTo(stay.guest.account.email, /Your review is published/);
    await mailTo(stay.host.account.email, /Your review is published/);
    clock.advance(15 * DAY_MS);
    await sweep();
    await settle();
    for (const who of ['guest', 'host'] as const) {
      expect(mails(stay[who].account.email, /Your review is published/)).toHaveLength(1);
      expect(mails(stay[who].account.email, /How was your stay/)).toHaveLength(1);
      expect(mails(stay[who].account.email, /Last days to review/)).toHaveLength(0);
    }
  });

  it('one side reviews: hidden until the window closes, then published by the window job (once, even run twice at once)', async () => {
    const stay = await completedStay();
    const written = (await (
      await review(stay, 'guest', guestReview({ overall: 3 }))
    ).json()) as Review;
    expect(written.status).toBe('pending');

    // 3 days before the close, the side that has not reviewed is reminded.
    clock.advance(11 * DAY_MS + 60_000);
    await sweep();
    const [closing] = await mailTo(stay.host.account.email, /Last days to review/);
    expect(closing.text).toContain(stay.listing.title);
    await settle();
    expect(mails(stay.guest.account.email, /Last days to review/)).toHaveLength(0);
    expect((await listingReviews(stay.listing.id)).data).toEqual([]);
    expect(await stayReviews(stay, 'host')).toEqual([]);

    // The window closes: the job publishes, twice at once from API and worker processes' code.
    clock.advance(3 * DAY_MS);
    await Promise.all([sweep(), api.app.get(ReviewWindows, { strict: false }).sweep(), sweep()]);
    const published = (await listingReviews(stay.listing.id)).data;
    expect(published.map((r) => [r.id, r.status])).toEqual([[written.id, 'published']]);
    expect((await stayReviews(stay, 'host')).map((r) => r.id)).toEqual([written.id]);
    expect(await listing(stay.listing.id)).toMatchObject({ ratingAverage: 3, ratingCount: 1 });
    await mailTo(stay.guest.account.email, /Your review is published/);
    await settle();
    expect(mails(stay.guest.account.email, /Your review is published/)).toHaveLength(1);
    expect(mails(stay.host.account.email, /Your review is published/)).toHaveLength(0);

    // Too late for the host now.
    await expectProblem(await review(stay, 'host'), 409, 'REVIEW_WINDOW_CLOSED');
  });

  it('refuses bad reviews, each with its own code', async () => {
    const stay = await completedStay();
    const cases: [object, string][] = [
      [guestReview({ overall: 0 }), 'overall'],
      [guestReview({ overall: 6 }), 'overall'],
      [guestReview({ overall: 4.5 }), 'overall'],
      [guestReview({ cleanliness: 7 }), 'cleanliness'],
      [guestReview({ value: '5' }), 'value'],
      [guestReview({ text: 'x'.repeat(5001) }), 'text'],
      [guestReview({ text: '' }), 'text'],
      [guestReview({ location: undefined }), 'location'],
      [guestReview({ wouldHostAgain: true }), 'wouldHostAgain'],
      [guestReview({ stars: 5 }), 'stars'],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(
        await review(stay, 'guest', body),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    const hostWithStars = await review(stay, 'host', hostReview({ cleanliness: 5 }));
    await expectProblem(hostWithStars, 400, 'VALIDATION_FAILED');
    await expectProblem(
      await review(stay, 'host', hostReview({ wouldHostAgain: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    // Exactly 5,000 characters is fine.
    expect((await review(stay, 'guest', guestReview({ text: 'y'.repeat(5000) }))).status).toBe(201);

    // Twice.
    await expectProblem(await review(stay, 'guest'), 409, 'ALREADY_REVIEWED');
    // Not one's stay.
    const stranger = await register(api);
    await expectProblem(
      await post(`/api/v1/bookings/${stay.bookingId}/reviews`, guestReview(), stranger.accessToken),
      403,
      'NOT_STAY_PARTICIPANT',
    );
    await expectProblem(
      await api.request(`/api/v1/bookings/${stay.bookingId}/reviews`, {
        headers: bearer(stranger.accessToken),
      }),
      403,
      'NOT_STAY_PARTICIPANT',
    );
    // No such stay; not signed in.
    await expectProblem(
      await post(
        `/api/v1/bookings/${crypto.randomUUID()}/reviews`,
        guestReview(),
        stranger.accessToken,
      ),
      404,
      'NOT_FOUND',
    );
    expect(
      (await api.request(`/api/v1/bookings/${stay.bookingId}/reviews`, json(guestReview()))).status,
    ).toBe(401);

    // Before completion, and a cancelled stay.
    const upcoming = await completedStay(stay.host, stay.listing, 'confirmed');
    await expectProblem(await review(upcoming, 'guest'), 409, 'STAY_NOT_COMPLETED');
    const cancelled = await completedStay(stay.host, stay.listing, 'cancelled_by_guest');
    await expectProblem(await review(cancelled, 'guest'), 409, 'STAY_CANCELLED');
    await expectProblem(await review(cancelled, 'host'), 409, 'STAY_CANCELLED');

    // After the window (14 days after completion, to the millisecond).
    const late = await completedStay(stay.host, stay.listing);
    clock.advance(14 * DAY_MS);
    await expectProblem(await review(late, 'guest'), 409, 'REVIEW_WINDOW_CLOSED');
    await expectProblem(await review(late, 'host'), 409, 'REVIEW_WINDOW_CLOSED');
  });

  it("the host's one public reply: only the host, only to a published guest review, only once", async () => {
    const stay = await completedStay();
    const guests = (await (await review(stay, 'guest')).json()) as Review;
    const respond = (reviewId: string, token: string, text = 'Thank you, come back soon!') =>
      post(`/api/v1/reviews/${reviewId}/response`, { text }, token);

    // Pending: the host cannot even see it yet.
    await expectProblem(await respond(guests.id, stay.host.accessToken), 404, 'NOT_FOUND');
    const hosts = (await (await review(stay, 'host')).json()) as Review;
    expect(hosts.status).toBe('published');

    await expectProblem(
      await respond(guests.id, stay.guest.accessToken),
      403,
      'RESPONSE_NOT_ALLOWED',
    );
    const stranger = await register(api);
    await expectProblem(
      await respond(guests.id, stranger.accessToken),
      403,
      'RESPONSE_NOT_ALLOWED',
    );
    // Replies are to guest reviews: neither side answers the host's review of the guest.
    await expectProblem(
      await respond(hosts.id, stay.guest.accessToken),
      403,
      'RESPONSE_NOT_ALLOWED',
    );
    await expectProblem(
      await respond(hosts.id, stay.host.accessToken),
      403,
      'RESPONSE_NOT_ALLOWED',
    );
    await expectProblem(
      await respond(guests.id, stay.host.accessToken, 'z'.repeat(5001)),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      await respond(crypto.randomUUID(), stay.host.accessToken),
      404,
      'NOT_FOUND',
    );

    const answered = await respond(guests.id, stay.host.accessToken);
    expect(answered.status).toBe(201);
    expect(((await answered.json()) as Review).response).toMatchObject({
      text: 'Thank you, come back soon!',
    });
    await expectProblem(
      await respond(guests.id, stay.host.accessToken, 'Second thoughts'),
      409,
      'ALREADY_RESPONDED',
    );
    const [shown] = (await listingReviews(stay.listing.id)).data;
    expect(shown.response?.text).toBe('Thank you, come back soon!');
  });

  it('aggregates follow publications and hides; search sorts by rating; a hidden review shows nowhere', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    const loved = await createPublished(api, host.accessToken, { city, title: 'Loved loft' });
    const liked = await createPublished(api, host.accessToken, { city, title: 'Liked loft' });
    const both = async (stay: Stay, guestBody: object, hostBody: object) => {
      expect((await review(stay, 'guest', guestBody)).status).toBe(201);
      const res = await review(stay, 'host', hostBody);
      expect(res.status).toBe(201);
    };

    const a = await completedStay(host, liked);
    await both(a, guestReview({ overall: 4, cleanliness: 3 }), hostReview({ overall: 2 }));
    const b = await completedStay(host, liked);
    await both(b, guestReview({ overall: 5, cleanliness: 4 }), hostReview({ overall: 5 }));
    const c = await completedStay(host, liked);
    await both(c, guestReview({ overall: 4, cleanliness: 4 }), hostReview());
    expect(await listing(liked.id)).toMatchObject({
      ratingAverage: 4.33,
      ratingCount: 3,
      subRatings: { cleanliness: 3.67, accuracy: 4, value: 4 },
    });
    const d = await completedStay(host, loved);
    await both(d, guestReview({ overall: 5 }), hostReview());
    expect(await listing(loved.id)).toMatchObject({ ratingAverage: 5, ratingCount: 1 });

    const search = async () =>
      (
        await getJson<{ data: { id: string; ratingAverage: number }[] }>(
          `/api/v1/listings?city=${encodeURIComponent(city)}&sort=rating`,
        )
      ).data.map((l) => [l.id, l.ratingAverage]);
    expect(await search()).toEqual([
      [loved.id, 5],
      [liked.id, 4.33],
    ]);

    // An admin hides b's glowing review: it leaves the aggregates and every list at once.
    const bGuestReview = (await stayReviews(b, 'guest')).find((r) => r.authorRole === 'guest')!;
    const hide = (id: string, token: string, reason = 'Reported as written for a friend') =>
      post(`/api/v1/admin/reviews/${id}/hide`, { reason }, token);
    await expectProblem(await hide(bGuestReview.id, b.host.accessToken), 403, 'FORBIDDEN');
    await expectProblem(
      await hide(bGuestReview.id, admin.accessToken, ''),
      400,
      'VALIDATION_FAILED',
    );
    const hidden = await hide(bGuestReview.id, admin.accessToken);
    expect(hidden.status).toBe(200);
    expect(await hidden.json()).toMatchObject({
      id: bGuestReview.id,
      hiddenReason: 'Reported as written for a friend',
    });
    await expectProblem(await hide(bGuestReview.id, admin.accessToken), 409, 'CONFLICT');

    expect(await listing(liked.id)).toMatchObject({
      ratingAverage: 4,
      ratingCount: 2,
      subRatings: { cleanliness: 3.5 },
    });
    expect(await search()).toEqual([
      [loved.id, 5],
      [liked.id, 4],
    ]);
    const ids = (page: ReviewPage | Review[]) =>
      ('data' in page ? page.data : page).map((r) => r.id);
    expect(ids(await listingReviews(liked.id))).not.toContain(bGuestReview.id);
    expect(ids(await userReviews(host.user.id))).not.toContain(bGuestReview.id);
    expect(ids(await stayReviews(b, 'guest'))).not.toContain(bGuestReview.id);
    expect(ids(await stayReviews(b, 'host'))).not.toContain(bGuestReview.id);
    await expectProblem(
      await post(`/api/v1/reviews/${bGuestReview.id}/response`, { text: 'Hi' }, host.accessToken),
      404,
      'NOT_FOUND',
    );

    // Hiding a host's review moves the guest's rating.
    expect(await profile(a.guest.user.id)).toMatchObject({
      guestRatingAverage: 2,
      guestRatingCount: 1,
    });
    const aHostReview = (await stayReviews(a, 'host')).find((r) => r.authorRole === 'host')!;
    expect((await hide(aHostReview.id, admin.accessToken)).status).toBe(200);
    expect(await profile(a.guest.user.id)).toMatchObject({
      guestRatingAverage: null,
      guestRatingCount: 0,
    });
    expect(ids(await userReviews(a.guest.user.id))).toEqual([]);

    // The audit log keeps who hid what and why.
    const audit = await getJson<{
      data: { action: string; targetType: string; reason: string; actorId: string }[];
    }>(`/api/v1/admin/audit-log?targetId=${bGuestReview.id}`, admin.accessToken);
    expect(audit.data).toEqual([
      expect.objectContaining({
        action: 'review.hide',
        targetType: 'review',
        actorId: admin.user.id,
        reason: 'Reported as written for a friend',
      }),
    ]);
  });

  it("pages a listing's reviews newest first with a cursor; a bad cursor is a 400", async () => {
    const host = await registerHost(api);
    const place = await createPublished(api, host.accessToken, { city: uniqueCity() });
    const written: string[] = [];
    for (let i = 0; i < 3; i++) {
      const stay = await completedStay(host, place);
      const mine = (await (
        await review(stay, 'guest', guestReview({ text: `Stay ${i}` }))
      ).json()) as Review;
      await review(stay, 'host');
      written.push(mine.id);
      clock.advance(60_000);
    }
    const first = await getJson<ReviewPage>(`/api/v1/listings/${place.id}/reviews?limit=2`);
    expect(first.data.map((r) => r.text)).toEqual(['Stay 2', 'Stay 1']);
    expect(first.nextCursor).not.toBeNull();
    const second = await getJson<ReviewPage>(
      `/api/v1/listings/${place.id}/reviews?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second).toEqual({
      data: [expect.objectContaining({ text: 'Stay 0' })],
      nextCursor: null,
    });
    await expectProblem(
      await api.request(`/api/v1/listings/${place.id}/reviews?cursor=bm9wZQ`),
      400,
      'INVALID_CURSOR',
    );
    await expectProblem(
      await api.request(`/api/v1/listings/${place.id}/reviews?limit=101`),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      await api.request(`/api/v1/listings/${crypto.randomUUID()}/reviews`),
      404,
      'NOT_FOUND',
    );
    await expectProblem(
      await api.request(`/api/v1/users/${crypto.randomUUID()}/reviews`),
      404,
      'NOT_FOUND',
    );
  });

  it('pages the reviews about a user newest first by publication, also ?as=guest|host; a changed cursor is a 400', async () => {
    // Someone who hosts a place of their own and stayed at three other hosts' places.
    const user = await registerHost(api);
    const ownPlace = await createPublished(api, user.accessToken, { city: uniqueCity() });
    const asGuest = await staysWithNewHosts(api, db, user, clock.now(), 3);
    const asHost = [await completedStay(user, ownPlace), await completedStay(user, ownPlace)];
    const written = async (res: Response) => {
      expect(res.status).toBe(201);
      return (await res.json()) as Review;
    };

    // Every review about the user is written first (all pending), a minute apart...
    for (const [i, stay] of asGuest.entries()) {
      await written(await review(stay, 'host', hostReview({ text: `As guest ${i}` })));
      clock.advance(60_000);
    }
    for (const [i, stay] of asHost.entries()) {
      await written(await review(stay, 'guest', guestReview({ text: `As host ${i}` })));
      clock.advance(60_000);
    }
    expect((await userReviews(user.user.id)).data).toEqual([]);
    // ...then published in another order: the other side reviewing, and at last the window closing.
    for (const [stay, who] of [
      [asGuest[1], 'guest'],
      [asHost[0], 'host'],
      [asGuest[0], 'guest'],
      [asHost[1], 'host'],
    ] as const) {
      expect((await written(await review(stay, who))).status).toBe('published');
      clock.advance(60_000);
    }
    clock.advance(14 * DAY_MS);
    await sweep();

    /** Every page of a query, following nextCursor to the end. */
    const allPages = async (query: string) => {
      const pages: ReviewPage[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await userReviews(user.user.id, `?${query}${after}`);
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 10);
      return pages;
    };
    const texts = (pages: ReviewPage[]) => pages.map((p) => p.data.map((r) => r.text));
    const reviews = (pages: ReviewPage[]) => pages.flatMap((p) => p.data);

    const all = await allPages('limit=2');
    expect(texts(all)).toEqual([
      ['As guest 2', 'As host 1'],
      ['As guest 0', 'As host 0'],
      ['As guest 1'],
    ]);
    expect(all.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    const ids = reviews(all).map((r) => r.id);
    expect(new Set(ids).size).toBe(5);
    // Newest first by publication time (not by when they were written), all about the user.
    const published = reviews(all).map((r) => Date.parse(r.publishedAt!));
    expect(published).toEqual([...published].sort((a, b) => b - a));
    expect(new Set(published).size).toBe(5);
    expect(
      reviews(all).every((r) => r.status === 'published' && r.subjectId === user.user.id),
    ).toBe(true);
    // One page holding them all says the same, in the same order.
    expect((await userReviews(user.user.id)).data.map((r) => r.id)).toEqual(ids);

    // As a guest: what the three hosts wrote; as a host: what the two guests wrote.
    const asGuestPages = await allPages('as=guest&limit=2');
    expect(texts(asGuestPages)).toEqual([['As guest 2', 'As guest 0'], ['As guest 1']]);
    expect(asGuestPages.map((p) => p.nextCursor === null)).toEqual([false, true]);
    expect(new Set(reviews(asGuestPages).map((r) => r.authorRole))).toEqual(new Set(['host']));
    // Exactly a page's worth: no cursor to an empty page.
    expect(await userReviews(user.user.id, '?as=host&limit=2')).toEqual({
      data: [
        expect.objectContaining({ text: 'As host 1', authorRole: 'guest' }),
        expect.objectContaining({ text: 'As host 0', authorRole: 'guest' }),
      ],
      nextCursor: null,
    });

    // A real cursor whose payload the client changed is refused, with or without `as`.
    const forged = tamperedCursor(all[0].nextCursor!);
    expect(forged).not.toBe(all[0].nextCursor);
    for (const query of [`?limit=2&cursor=${forged}`, `?as=guest&limit=2&cursor=${forged}`])
      await expectProblem(
        await api.request(`/api/v1/users/${user.user.id}/reviews${query}`),
        400,
        'INVALID_CURSOR',
      );
    await expectProblem(
      await api.request(`/api/v1/users/${user.user.id}/reviews?as=owner`),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a stay booked, paid and completed through the bookings API opens its review window', async () => {
    const host = await registerHost(api);
    const place = await createPublished(api, host.accessToken, {
      city: uniqueCity(),
      timezone: 'UTC',
      checkOutTime: '11:00',
    });
    const guest = await register(api);
    const booking = await booked(api, guest.accessToken, {
      listingId: place.id,
      checkIn: day(3, clock.now()),
      checkOut: day(5, clock.now()),
      guests: 2,
    });
    expect((await pay(api, guest.accessToken, booking)).status).toBe(200);
    const early = await post(
      `/api/v1/bookings/${booking.id}/reviews`,
      guestReview(),
      guest.accessToken,
    );
    await expectProblem(early, 409, 'STAY_NOT_COMPLETED');

    clock.set(new Date(`${booking.checkOut}T11:00:00Z`));
    await api.app.get(BookingLifecycle).sweep();
    expect((await getBooking(api, guest.accessToken, booking.id)).status).toBe('completed');
    await sweep();
    await mailTo(guest.account.email, /How was your stay/);
    await mailTo(host.account.email, /How was your stay/);
    const res = await post(
      `/api/v1/bookings/${booking.id}/reviews`,
      guestReview(),
      guest.accessToken,
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'pending', listingId: place.id });
  });

  it('every review route is in the OpenAPI document with its summary and error answers', async () => {
    const doc = (await (await api.request('/docs-json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; responses: Record<string, unknown>; security?: unknown[] }
        >
      >;
    };
    const routes: [string, string, string[], boolean][] = [
      ['/api/v1/bookings/{id}/reviews', 'post', ['201', '400', '401', '403', '404', '409'], true],
      ['/api/v1/bookings/{id}/reviews', 'get', ['200', '401', '403', '404'], true],
      ['/api/v1/reviews/{id}/response', 'post', ['201', '400', '401', '403', '404', '409'], true],
      ['/api/v1/listings/{id}/reviews', 'get', ['200', '400', '404'], false],
      ['/api/v1/users/{id}/reviews', 'get', ['200', '400', '404'], false],
      ['/api/v1/admin/reviews/{id}/hide', 'post', ['200', '400', '401', '403', '404', '409'], true],
    ];
    for (const [path, method, statuses, signedIn] of routes) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, summary: typeof operation?.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(statuses));
      if (signedIn) expect(operation!.security).toEqual([{ bearer: [] }]);
    }
  });
});
