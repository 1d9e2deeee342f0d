import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, QueueName, TestClock } from '@app/core';
import { RatingAggregates, ReviewJob, ReviewsService, ReviewWindows } from '@app/reviews';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createWorker, type WorkerApp } from '../apps/worker/src/worker.factory';
import { eventually } from './support/processes';
import { insertStay } from './support/reviews';
import { testConfig } from './support/test-env';

const DAY_MS = 24 * 3600 * 1000;
const SUBS = ['cleanliness', 'accuracy', 'communication', 'location', 'checkIn', 'value'] as const;

type Command =
  | { kind: 'stay'; listing: number; guest: number }
  | { kind: 'guestReview'; stay: number; ratings: number[] }
  | { kind: 'hostReview'; stay: number; overall: number; again: boolean }
  | { kind: 'elapse'; days: number }
  | { kind: 'hide'; review: number };

const star = fc.integer({ min: 1, max: 5 });
// Indexes pick among the stays and reviews made so far (modulo their number).
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stay' as const),
      listing: fc.nat({ max: 1 }),
      guest: fc.nat({ max: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('guestReview' as const),
      stay: fc.nat(),
      ratings: fc.array(star, { minLength: 7, maxLength: 7 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('hostReview' as const),
      stay: fc.nat(),
      overall: star,
      again: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('elapse' as const),
      days: fc.integer({ min: 1, max: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hide' as const), review: fc.nat() }) },
);

/** Half away from zero to two decimals, in integers (what numeric's round() does). */
const average = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.floor((200 * sum + count) / (2 * count)) / 100;

/**
 * The rating aggregates are kept incrementally (each publication and hide
 * moves them in its own transaction) and recomputed from scratch nightly:
 * after any sequence of stays, reviews, elapsed time and hides, both give the
 * same figures, and those are the averages of the counted reviews.
 */
describe('rating aggregates: incremental updates agree with the nightly recompute', () => {
  const clock = new TestClock(new Date());
  let worker: WorkerApp;
  let db: DataSource;
  let reviews: ReviewsService;
  let windows: ReviewWindows;
  let aggregates: RatingAggregates;

  beforeAll(async () => {
    worker = await createWorker(await testConfig({ REDIS_URL: process.env.REDIS_URL }), { clock });
    db = worker.app.get(DataSource);
    reviews = worker.app.get(ReviewsService, { strict: false });
    windows = worker.app.get(ReviewWindows, { strict: false });
    aggregates = worker.app.get(RatingAggregates, { strict: false });
  });
  afterAll(async () => {
    await worker?.app.close();
  });

  const newUser = async (isHost = false): Promise<string> => {
    const [row] = (await db.query(
      `INSERT INTO users (email, password_hash, first_name, last_name, is_host)
       VALUES ($1, 'not-a-login', 'Pat', 'Doe', $2) RETURNING id`,
      [`ratings-${randomUUID()}@example.test`, isHost],
    )) as { id: string }[];
    return row.id;
  };
  const newListing = async (hostId: string): Promise<string> => {
    const [row] = (await db.query(
      `INSERT INTO listings (host_id, title, property_type, currency, status, published_at)
       VALUES ($1, 'Rated place', 'entire_home', 'EUR', 'published', $2) RETURNING id`,
      [hostId, clock.now()],
    )) as { id: string }[];
    return row.id;
  };
  /** Refusals (a closed window, a second review, a second hide) are part of the game. */
  const allowRefusal = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };

  const snapshot = async (listingIds: string[], guestIds: string[]) => ({
    listings: (await db.query(
      `SELECT l.id, l.rating_count, l.rating_avg, l.rating_cleanliness, l.rating_accuracy,
         l.rating_communication, l.rating_location, l.rating_check_in, l.rating_value,
         t.review_count, t.overall_sum, t.cleanliness_sum, t.value_sum
       FROM listings l LEFT JOIN listing_rating_totals t ON t.listing_id = l.id
       WHERE l.id = ANY($1::uuid[]) ORDER BY l.id`,
      [listingIds],
    )) as Record<string, string | number | null>[],
    guests: (await db.query(
      `SELECT u.id, u.guest_rating_count, u.guest_rating_avg, t.review_count, t.overall_sum,
         t.would_host_again_count
       FROM users u LEFT JOIN guest_rating_totals t ON t.guest_id = u.id
       WHERE u.id = ANY($1::uuid[]) ORDER BY u.id`,
      [guestIds],
    )) as Record<string, string | number | null>[],
  });

  it('after random sequences of publications and hides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const hostId = await newUser(true);
        const listingIds = [await newListing(hostId), await newListing(hostId)];
        const guestIds = [await newUser(), await newUser(), await newUser()];
        const stays: { bookingId: string; guestId: string }[] = [];
        const written: string[] = [];
        for (const c of commands) {
          switch (c.kind) {
            case 'stay':
              stays.push({
                guestId: guestIds[c.guest],
                bookingId: await insertStay(db, {
                  listingId: listingIds[c.listing],
                  guestId: guestIds[c.guest],
                  hostId,
                  completedAt: clock.now(),
                }),
              });
              break;
            case 'guestReview': {
              const stay = stays[c.stay % stays.length];
              if (!stay) break;
              const [overall, ...subs] = c.ratings;
              await allowRefusal(async () => {
                const review = await reviews.submit(
                  { id: stay.guestId, role: 'user' },
                  stay.bookingId,
                  {
                    overall,
                    ...Object.fromEntries(SUBS.map((key, i) => [key, subs[i]])),
                    text: 'Random stay',
                  },
                );
                written.push(review.id);
              });
              break;
            }
            case 'hostReview': {
              const stay = stays[c.stay % stays.length];
              if (!stay) break;
              await allowRefusal(async () => {
                const review = await reviews.submit({ id: hostId, role: 'user' }, stay.bookingId, {
                  overall: c.overall,
                  wouldHostAgain: c.again,
                  text: 'Random guest',
                });
                written.push(review.id);
              });
              break;
            }
            case 'elapse':
              clock.advance(c.days * DAY_MS);
              await windows.sweep();
              break;
            case 'hide': {
              const id = written[c.review % written.length];
              if (id)
                await allowRefusal(() => reviews.hide({ id: hostId, role: 'admin' }, id, 'random'));
              break;
            }
          }
        }

        // The incremental figures are the averages of the counted reviews...
        const counted = (await db.query(
          `SELECT listing_id, subject_id, author_role, overall, cleanliness, value, would_host_again
           FROM reviews WHERE booking_id = ANY($1::uuid[]) AND published_at IS NOT NULL AND hidden_at IS NULL`,
          [stays.map((s) => s.bookingId)],
        )) as {
          listing_id: string;
          subject_id: string;
          author_role: string;
          overall: number;
          cleanliness: number | null;
          value: number | null;
        }[];
        const before = await snapshot(listingIds, guestIds);
        for (const row of before.listings) {
          const mine = counted.filter((r) => r.author_role === 'guest' && r.listing_id === row.id);
          const sum = (key: 'overall' | 'cleanliness' | 'value') =>
            mine.reduce((s, r) => s + (r[key] ?? 0), 0);
          expect({
            count: row.rating_count,
            avg: row.rating_avg === null ? null : Number(row.rating_avg),
            cleanliness: row.rating_cleanliness === null ? null : Number(row.rating_cleanliness),
            value: row.rating_value === null ? null : Number(row.rating_value),
          }).toEqual({
            count: mine.length,
            avg: average(sum('overall'), mine.length),
            cleanliness: average(sum('cleanliness'), mine.length),
            value: average(sum('value'), mine.length),
          });
        }
        for (const row of before.guests) {
          const mine = counted.filter((r) => r.author_role === 'host' && r.subject_id === row.id);
          expect({
            count: row.guest_rating_count,
            avg: row.guest_rating_avg === null ? null : Number(row.guest_rating_avg),
          }).toEqual({
            count: mine.length,
            avg: average(
              mine.reduce((s, r) => s + r.overall, 0),
              mine.length,
            ),
          });
        }
        // ...and a recompute from scratch finds nothing to correct.
        const result = await aggregates.recomputeAll();
        expect(result.listingsCorrected.filter((id) => listingIds.includes(id))).toEqual([]);
        expect(result.guestsCorrected.filter((id) => guestIds.includes(id))).toEqual([]);
        expect(await snapshot(listingIds, guestIds)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });

  it('the nightly job (through the queue) repairs figures that drifted, and only those', async () => {
    const hostId = await newUser(true);
    const listingId = await newListing(hostId);
    const guestId = await newUser();
    const bookingId = await insertStay(db, {
      listingId,
      guestId,
      hostId,
      completedAt: clock.now(),
    });
    await reviews.submit({ id: guestId, role: 'user' }, bookingId, {
      overall: 4,
      cleanliness: 5,
      accuracy: 4,
      communication: 3,
      location: 5,
      checkIn: 4,
      value: 3,
      text: 'Fine',
    });
    await reviews.submit({ id: hostId, role: 'user' }, bookingId, {
      overall: 5,
      wouldHostAgain: true,
      text: 'Great guest',
    });
    const right = await snapshot([listingId], [guestId]);
    await aggregates.recomputeAll(); // anything left by other tests is settled first
    await db.query('UPDATE listings SET rating_avg = 1.5, rating_count = 9 WHERE id = $1', [
      listingId,
    ]);
    await db.query('UPDATE guest_rating_totals SET overall_sum = 2 WHERE guest_id = $1', [guestId]);

    const queue = worker.app.get<Queue>(getQueueToken(QueueName.REVIEWS), { strict: false });
    const job = await queue.add(ReviewJob.RECOMPUTE_RATINGS, {});
    const result = await eventually(async () =>
      (await job.getState()) === 'completed'
        ? ((await queue.getJob(job.id!))?.returnvalue as unknown)
        : undefined,
    );
    expect(result).toEqual({ listingsCorrected: 1, guestsCorrected: 1 });
    expect(await snapshot([listingId], [guestId])).toEqual(right);
  });
});
