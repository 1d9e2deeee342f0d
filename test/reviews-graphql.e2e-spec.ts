import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { ReviewWindows } from '@app/reviews';
import { UsersService } from '@app/users';
import { DataSource } from 'typeorm';
import { createWorker, type WorkerApp } from '../apps/worker/src/worker.factory';
import { register, type Registered } from './support/accounts';
import { json, startApi, type RunningApi } from './support/api-server';
import { bearer } from './support/accounts';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './support/listings';
import {
  guestReview,
  hostReview,
  insertStay,
  staysWithNewHosts,
  tamperedCursor,
  type Stay,
} from './support/reviews';
import { countQueries } from './support/sql-count';
import { testConfig } from './support/test-env';

const DAY_MS = 24 * 3600 * 1000;

interface GqlResult<T> {
  data: T | null;
  errors?: { message: string; extensions: { code: string } }[];
}
interface GqlReview {
  id: string;
  authorRole: string;
  status: string;
  overall: number;
  text: string;
  author: { firstName: string };
  subRatings: { cleanliness: number } | null;
  response: { text: string } | null;
}

const REVIEW_FIELDS =
  'id authorRole status overall text author { firstName } subRatings { cleanliness } response { text }';

/**
 * Counts the SQL statements that read reviews with their authors while `fn`
 * runs (by their text: the in-process worker's periodic jobs share the driver).
 */
const countReviewQueries = (api: RunningApi, fn: () => Promise<unknown>): Promise<number> =>
  countQueries(api, fn, (sql) => sql.includes('FROM reviews r JOIN users a'));

describe('reviews (GraphQL): the same rules as REST', () => {
  const clock = new TestClock(new Date());
  let api: RunningApi;
  let worker: WorkerApp;
  let db: DataSource;
  let admin: Registered;

  beforeAll(async () => {
    const config = await testConfig({
      RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: process.env.REDIS_URL,
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
  });

  const gql = async <T>(query: string, variables: object = {}, token?: string) =>
    (await (
      await api.request('/graphql', json({ query, variables }, token ? bearer(token) : {}))
    ).json()) as GqlResult<T>;
  const code = (result: GqlResult<unknown>) => result.errors?.[0]?.extensions.code;

  const completedStay = async (host?: Registered, listing?: ListingBody): Promise<Stay> => {
    host ??= await registerHost(api);
    listing ??= await createPublished(api, host.accessToken, { city: uniqueCity() });
    const guest = await register(api);
    const bookingId = await insertStay(db, {
      listingId: listing.id,
      guestId: guest.user.id,
      hostId: host.user.id,
      completedAt: clock.now(),
    });
    return { host, guest, listing, bookingId };
  };
  const createReview = (stay: Stay, who: 'guest' | 'host', input?: object) =>
    gql<{ createReview: GqlReview }>(
      `mutation($bookingId: ID!, $input: CreateReviewInput!) {
         createReview(bookingId: $bookingId, input: $input) { ${REVIEW_FIELDS} } }`,
      {
        bookingId: stay.bookingId,
        input: input ?? (who === 'guest' ? guestReview() : hostReview()),
      },
      stay[who].accessToken,
    );
  const listingWithReviews = (id: string) =>
    gql<{
      listing: {
        ratingAverage: number | null;
        ratingCount: number;
        subRatings: { cleanliness: number | null };
        reviews: { edges: { node: GqlReview }[]; pageInfo: { hasNextPage: boolean } };
      };
    }>(
      `query($id: ID!) { listing(id: $id) { ratingAverage ratingCount subRatings { cleanliness }
         reviews(first: 10) { edges { cursor node { ${REVIEW_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
      { id },
    );
  const stayReviews = (stay: Stay, who: 'guest' | 'host') =>
    gql<{ stayReviews: GqlReview[] }>(
      `query($id: ID!) { stayReviews(bookingId: $id) { ${REVIEW_FIELDS} } }`,
      { id: stay.bookingId },
      stay[who].accessToken,
    );
  const userReviews = (userId: string) =>
    gql<{ userReviews: { edges: { node: GqlReview }[] } }>(
      `query($id: ID!) { userReviews(userId: $id) { edges { node { ${REVIEW_FIELDS} } } } }`,
      { id: userId },
    );

  it('both sides review: pending for its author only, then both published; errors carry their codes', async () => {
    const stay = await completedStay();
    const bad = await createReview(stay, 'guest', guestReview({ overall: 9 }));
    expect(code(bad)).toBe('VALIDATION_FAILED');
    const stranger = await register(api);
    const notMine = await gql(
      `mutation($bookingId: ID!, $input: CreateReviewInput!) { createReview(bookingId: $bookingId, input: $input) { id } }`,
      { bookingId: stay.bookingId, input: guestReview() },
      stranger.accessToken,
    );
    expect(code(notMine)).toBe('NOT_STAY_PARTICIPANT');

    const first = await createReview(stay, 'guest');
    expect(first.errors).toBeUndefined();
    expect(first.data!.createReview).toMatchObject({ status: 'pending', authorRole: 'guest' });
    expect(code(await createReview(stay, 'guest'))).toBe('ALREADY_REVIEWED');
    expect((await stayReviews(stay, 'host')).data!.stayReviews).toEqual([]);
    expect((await stayReviews(stay, 'guest')).data!.stayReviews).toHaveLength(1);
    expect((await listingWithReviews(stay.listing.id)).data!.listing.reviews.edges).toEqual([]);

    const second = await createReview(stay, 'host');
    expect(second.data!.createReview.status).toBe('published');
    const { listing } = (await listingWithReviews(stay.listing.id)).data!;
    expect(listing).toMatchObject({
      ratingAverage: 5,
      ratingCount: 1,
      subRatings: { cleanliness: 5 },
    });
    expect(listing.reviews.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: first.data!.createReview.id, status: 'published' }),
    ]);
    expect(
      (await userReviews(stay.guest.user.id)).data!.userReviews.edges.map((e) => e.node.id),
    ).toEqual([second.data!.createReview.id]);

    // The host's reply, once.
    const respond = (text: string, token: string) =>
      gql<{ respondToReview: GqlReview }>(
        `mutation($id: ID!, $input: ReviewResponseInput!) { respondToReview(reviewId: $id, input: $input) { ${REVIEW_FIELDS} } }`,
        { id: first.data!.createReview.id, input: { text } },
        token,
      );
    expect(code(await respond('Not mine to answer', stay.guest.accessToken))).toBe(
      'RESPONSE_NOT_ALLOWED',
    );
    expect(
      (await respond('Thanks!', stay.host.accessToken)).data!.respondToReview.response,
    ).toEqual({ text: 'Thanks!' });
    expect(code(await respond('Again', stay.host.accessToken))).toBe('ALREADY_RESPONDED');
  });

  it('one side reviews: Listing.reviews shows it only after the window job ran at the close', async () => {
    const stay = await completedStay();
    const written = (await createReview(stay, 'host', hostReview({ overall: 3 }))).data!
      .createReview;
    expect((await userReviews(stay.guest.user.id)).data!.userReviews.edges).toEqual([]);
    clock.advance(14 * DAY_MS - 1);
    await worker.app.get(ReviewWindows, { strict: false }).sweep();
    expect((await userReviews(stay.guest.user.id)).data!.userReviews.edges).toEqual([]);
    clock.advance(1);
    await worker.app.get(ReviewWindows, { strict: false }).sweep();
    expect(
      (await userReviews(stay.guest.user.id)).data!.userReviews.edges.map((e) => e.node),
    ).toEqual([expect.objectContaining({ id: written.id, status: 'published', overall: 3 })]);
    expect(code(await createReview(stay, 'guest'))).toBe('REVIEW_WINDOW_CLOSED');
  });

  it('hideReview (admins only) takes a review out of every field and out of the ratings', async () => {
    const stay = await completedStay();
    const guests = (await createReview(stay, 'guest', guestReview({ overall: 2, cleanliness: 1 })))
      .data!.createReview;
    await createReview(stay, 'host');
    expect((await listingWithReviews(stay.listing.id)).data!.listing).toMatchObject({
      ratingAverage: 2,
      ratingCount: 1,
    });
    const hide = (token: string) =>
      gql<{ hideReview: { id: string; hiddenReason: string } }>(
        `mutation($id: ID!) { hideReview(id: $id, input: { reason: "Abusive language" }) { id hiddenReason } }`,
        { id: guests.id },
        token,
      );
    expect(code(await hide(stay.host.accessToken))).toBe('FORBIDDEN');
    expect((await hide(admin.accessToken)).data!.hideReview).toEqual({
      id: guests.id,
      hiddenReason: 'Abusive language',
    });
    const { listing } = (await listingWithReviews(stay.listing.id)).data!;
    expect(listing).toMatchObject({
      ratingAverage: null,
      ratingCount: 0,
      subRatings: { cleanliness: null },
    });
    expect(listing.reviews.edges).toEqual([]);
    expect((await userReviews(stay.host.user.id)).data!.userReviews.edges).toEqual([]);
    for (const who of ['guest', 'host'] as const)
      expect((await stayReviews(stay, who)).data!.stayReviews.map((r) => r.id)).not.toContain(
        guests.id,
      );
  });

  it('Listing.reviews on a page of listings is one query for all of them (DataLoader)', async () => {
    const host = await registerHost(api);
    const city = uniqueCity();
    for (let i = 0; i < 4; i++) {
      const place = await createPublished(api, host.accessToken, { city, title: `Place ${i}` });
      for (let j = 0; j < 2; j++) {
        const stay = await completedStay(host, place);
        await createReview(stay, 'guest', guestReview({ text: `Review ${i}.${j}` }));
        await createReview(stay, 'host');
        clock.advance(1000);
      }
    }
    const page = () =>
      gql<{
        listings: {
          edges: { node: { title: string; reviews: { edges: { node: GqlReview }[] } } }[];
        };
      }>(
        `query($city: String!) { listings(filter: { city: $city }, first: 10) { edges { node {
           title reviews(first: 1) { edges { node { text author { firstName } } } pageInfo { hasNextPage } } } } } }`,
        { city },
      );
    const warm = await page(); // the listings page is now cached
    expect(warm.errors).toBeUndefined();
    expect(
      warm
        .data!.listings.edges.map(
          (e) => [e.node.title, e.node.reviews.edges.map((r) => r.node.text)] as const,
        )
        .sort(([a], [b]) => a.localeCompare(b)),
    ).toEqual([
      ['Place 0', ['Review 0.1']],
      ['Place 1', ['Review 1.1']],
      ['Place 2', ['Review 2.1']],
      ['Place 3', ['Review 3.1']],
    ]);
    expect(await countReviewQueries(api, page)).toBe(1);
  });

  it("a guest rating that moves shows on the guest's host profile (listings { host }) at once", async () => {
    // Someone who hosts a place and also stayed at someone else's.
    const guestHost = await registerHost(api);
    const city = uniqueCity();
    const own = await createPublished(api, guestHost.accessToken, { city });
    const host = await registerHost(api);
    const listing = await createPublished(api, host.accessToken, { city: uniqueCity() });
    const bookingId = await insertStay(db, {
      listingId: listing.id,
      guestId: guestHost.user.id,
      hostId: host.user.id,
      completedAt: clock.now(),
    });
    const stay: Stay = { host, guest: guestHost, listing, bookingId };
    const rating = async () => {
      const result = await gql<{
        listings: {
          edges: {
            node: {
              id: string;
              host: { guestRatingAverage: number | null; guestRatingCount: number };
            };
          }[];
        };
      }>(
        `query($filter: ListingFilter) { listings(filter: $filter) { edges { node { id host { guestRatingAverage guestRatingCount } } } } }`,
        { filter: { city } },
      );
      expect(result.errors).toBeUndefined();
      return result.data!.listings.edges.find((e) => e.node.id === own.id)!.node.host;
    };
    expect(await rating()).toEqual({ guestRatingAverage: null, guestRatingCount: 0 });
    expect((await createReview(stay, 'guest')).errors).toBeUndefined();
    expect((await createReview(stay, 'host', hostReview({ overall: 3 }))).errors).toBeUndefined();
    expect(await rating()).toEqual({ guestRatingAverage: 3, guestRatingCount: 1 });
  });

  interface GqlPage {
    edges: { cursor: string; node: GqlReview & { publishedAt: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const PAGE_FIELDS = `edges { cursor node { ${REVIEW_FIELDS} publishedAt } } pageInfo { hasNextPage endCursor }`;
  const listingReviewsPage = (id: string, first: number, after?: string) =>
    gql<{ listing: { reviews: GqlPage } }>(
      `query($id: ID!, $first: Int, $after: String) { listing(id: $id) {
         reviews(first: $first, after: $after) { ${PAGE_FIELDS} } } }`,
      { id, first, after },
    );
  const userReviewsPage = (userId: string, first: number, after?: string, as?: string) =>
    gql<{ userReviews: GqlPage }>(
      `query($id: ID!, $first: Int, $after: String, $as: String) {
         userReviews(userId: $id, first: $first, after: $after, as: $as) { ${PAGE_FIELDS} } }`,
      { id: userId, first, after, as },
    );
  const texts = (page: GqlPage) => page.edges.map((e) => e.node.text);
  /** The newest-first order by publication time, and no review on two pages. */
  const expectNewestFirst = (...pages: GqlPage[]) => {
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    const published = nodes.map((n) => Date.parse(n.publishedAt));
    expect(new Set(published).size).toBe(nodes.length);
    expect(published).toEqual([...published].sort((a, b) => b - a));
  };

  it('Listing.reviews(first:, after:) pages newest first by publication; a changed cursor is INVALID_CURSOR', async () => {
    const host = await registerHost(api);
    const place = await createPublished(api, host.accessToken, { city: uniqueCity() });
    const stays: Stay[] = [];
    // The guests review first, a minute apart (pending)...
    for (let i = 0; i < 3; i++) {
      const stay = await completedStay(host, place);
      const res = await createReview(stay, 'guest', guestReview({ text: `Stay ${i}` }));
      expect(res.errors).toBeUndefined();
      stays.push(stay);
      clock.advance(60_000);
    }
    // ...and the host's reviews publish them in another order: 2, 0, 1.
    for (const i of [2, 0, 1]) {
      expect((await createReview(stays[i], 'host')).data!.createReview.status).toBe('published');
      clock.advance(60_000);
    }

    const first = await listingReviewsPage(place.id, 2);
    expect(first.errors).toBeUndefined();
    const firstPage = first.data!.listing.reviews;
    expect(texts(firstPage)).toEqual(['Stay 1', 'Stay 0']);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.pageInfo.endCursor).toBe(firstPage.edges[1].cursor);

    const second = await listingReviewsPage(place.id, 2, firstPage.pageInfo.endCursor!);
    expect(second.errors).toBeUndefined();
    const secondPage = second.data!.listing.reviews;
    expect(texts(secondPage)).toEqual(['Stay 2']);
    expect(secondPage.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expectNewestFirst(firstPage, secondPage);

    const forged = await listingReviewsPage(
      place.id,
      2,
      tamperedCursor(firstPage.pageInfo.endCursor!),
    );
    expect(code(forged)).toBe('INVALID_CURSOR');
  });

  it('userReviews(first:, after:, as:) pages newest first by publication; a changed cursor is INVALID_CURSOR', async () => {
    // Someone who hosts a place of their own and stayed at three other hosts' places.
    const user = await registerHost(api);
    const ownPlace = await createPublished(api, user.accessToken, { city: uniqueCity() });
    const asGuest = await staysWithNewHosts(api, db, user, clock.now(), 3);
    const asHost = await completedStay(user, ownPlace);

    // Every review about the user is written first (pending), a minute apart...
    for (const [i, stay] of asGuest.entries()) {
      expect(
        (await createReview(stay, 'host', hostReview({ text: `As guest ${i}` }))).errors,
      ).toBeUndefined();
      clock.advance(60_000);
    }
    expect(
      (await createReview(asHost, 'guest', guestReview({ text: 'As host 0' }))).errors,
    ).toBeUndefined();
    clock.advance(60_000);
    // ...then published by the user's own reviews in another order.
    for (const [stay, who] of [
      [asGuest[2], 'guest'],
      [asHost, 'host'],
      [asGuest[0], 'guest'],
      [asGuest[1], 'guest'],
    ] as const) {
      expect((await createReview(stay, who)).data!.createReview.status).toBe('published');
      clock.advance(60_000);
    }

    const first = (await userReviewsPage(user.user.id, 2)).data!.userReviews;
    expect(texts(first)).toEqual(['As guest 1', 'As guest 0']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.pageInfo.endCursor).toBe(first.edges[1].cursor);
    const second = (await userReviewsPage(user.user.id, 2, first.pageInfo.endCursor!)).data!
      .userReviews;
    // Exactly a page's worth left: no next page.
    expect(texts(second)).toEqual(['As host 0', 'As guest 2']);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expectNewestFirst(first, second);

    // As a guest: what the three hosts wrote, over two pages; as a host: the one guest's review.
    const guestFirst = (await userReviewsPage(user.user.id, 2, undefined, 'guest')).data!
      .userReviews;
    expect(texts(guestFirst)).toEqual(['As guest 1', 'As guest 0']);
    expect(guestFirst.pageInfo.hasNextPage).toBe(true);
    const guestSecond = (
      await userReviewsPage(user.user.id, 2, guestFirst.pageInfo.endCursor!, 'guest')
    ).data!.userReviews;
    expect(texts(guestSecond)).toEqual(['As guest 2']);
    expect(guestSecond.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expectNewestFirst(guestFirst, guestSecond);
    const hostOnly = (await userReviewsPage(user.user.id, 2, undefined, 'host')).data!.userReviews;
    expect(hostOnly.edges.map((e) => [e.node.text, e.node.authorRole])).toEqual([
      ['As host 0', 'guest'],
    ]);
    expect(hostOnly.pageInfo).toEqual({ hasNextPage: false, endCursor: null });

    const forged = tamperedCursor(first.pageInfo.endCursor!);
    expect(code(await userReviewsPage(user.user.id, 2, forged))).toBe('INVALID_CURSOR');
    expect(code(await userReviewsPage(user.user.id, 2, forged, 'guest'))).toBe('INVALID_CURSOR');
  });
});
