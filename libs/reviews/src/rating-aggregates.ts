import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/core';
import { ListingCache } from '@app/listings';
import { PublicProfileCache } from '@app/users';
import type { EntityManager } from 'typeorm';
import type { ReviewAuthorRole } from './review-catalogue';

/** What a counted review (published, not hidden) adds to its aggregates. */
export interface CountedReview {
  listingId: string;
  subjectId: string;
  authorRole: ReviewAuthorRole;
  overall: number;
  cleanliness: number | null;
  accuracy: number | null;
  communication: number | null;
  location: number | null;
  checkIn: number | null;
  value: number | null;
  wouldHostAgain: boolean | null;
}

const LISTING_SUMS = [
  'overall_sum',
  'cleanliness_sum',
  'accuracy_sum',
  'communication_sum',
  'location_sum',
  'check_in_sum',
  'value_sum',
] as const;

/** Average of a sum column to two decimals, null when nothing is counted. */
const avg = (sum: string) =>
  `CASE WHEN t.review_count = 0 THEN NULL ELSE round(t.${sum}::numeric / t.review_count, 2) END`;

const LISTING_DERIVED: [column: string, value: string][] = [
  ['rating_count', 't.review_count'],
  ['rating_avg', avg('overall_sum')],
  ['rating_cleanliness', avg('cleanliness_sum')],
  ['rating_accuracy', avg('accuracy_sum')],
  ['rating_communication', avg('communication_sum')],
  ['rating_location', avg('location_sum')],
  ['rating_check_in', avg('check_in_sum')],
  ['rating_value', avg('value_sum')],
];

const GUEST_DERIVED: [column: string, value: string][] = [
  ['guest_rating_count', 't.review_count'],
  ['guest_rating_avg', avg('overall_sum')],
];

const tuple = (prefix: string, columns: string[]) =>
  `(${columns.map((c) => `${prefix}${c}`).join(', ')})`;

/** Copies the averages of the totals onto listings; answers the listings that changed. */
const DERIVE_LISTINGS = `
  UPDATE listings l SET ${LISTING_DERIVED.map(([c, v]) => `${c} = ${v}`).join(', ')}
  FROM listing_rating_totals t
  WHERE t.listing_id = l.id AND l.id = ANY($1::uuid[])
    AND ${tuple(
      'l.',
      LISTING_DERIVED.map(([c]) => c),
    )} IS DISTINCT FROM (${LISTING_DERIVED.map(([, v]) => v).join(', ')})
  RETURNING l.id`;

const DERIVE_GUESTS = `
  UPDATE users u SET ${GUEST_DERIVED.map(([c, v]) => `${c} = ${v}`).join(', ')}
  FROM guest_rating_totals t
  WHERE t.guest_id = u.id AND u.id = ANY($1::uuid[])
    AND ${tuple(
      'u.',
      GUEST_DERIVED.map(([c]) => c),
    )} IS DISTINCT FROM (${GUEST_DERIVED.map(([, v]) => v).join(', ')})
  RETURNING u.id`;

const COUNTED = 'r.published_at IS NOT NULL AND r.hidden_at IS NULL';

/** Whose figures an `apply` changed: their caches are invalidated after the commit. */
export interface AggregateChanges {
  /** Listings whose rating figures changed (detail and search). */
  listingIds: string[];
  /** Guests whose guest rating changed (public profiles). */
  guestIds: string[];
}

export interface RecomputeResult {
  /** Listings whose totals or averages were wrong and are now right. */
  listingsCorrected: string[];
  guestsCorrected: string[];
}

const RECOMPUTE_BATCH = 500;

/**
 * The rating aggregates. Exact integer sums and counts are kept per listing
 * (guest reviews) and per guest (host reviews); the averages clients see are
 * derived from them in the same statement sequence, so adding and removing a
 * review are exact inverses and a recompute from scratch finds the same values.
 *
 * Locks: a listing's totals row before a guest's, in id order, by every writer.
 */
@Injectable()
export class RatingAggregates {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cache: ListingCache,
    private readonly profiles: PublicProfileCache,
  ) {}

  /**
   * Adds (`sign` 1, a publication) or removes (-1, a hide) counted reviews,
   * in the caller's transaction. Answers the listings and guests whose figures
   * changed, whose caches the caller invalidates after the commit.
   */
  async apply(
    manager: EntityManager,
    reviews: CountedReview[],
    sign: 1 | -1,
  ): Promise<AggregateChanges> {
    const byId = (a: CountedReview, b: CountedReview, key: 'listingId' | 'subjectId') =>
      a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
    const stays = reviews
      .filter((r) => r.authorRole === 'guest')
      .sort((a, b) => byId(a, b, 'listingId'));
    const guests = reviews
      .filter((r) => r.authorRole === 'host')
      .sort((a, b) => byId(a, b, 'subjectId'));
    // The row first (a no-op when it exists), then the deltas: an UPDATE, so a removal
    // never proposes a negative row to the count's CHECK.
    for (const r of stays) {
      const values = [
        r.overall,
        r.cleanliness,
        r.accuracy,
        r.communication,
        r.location,
        r.checkIn,
        r.value,
      ];
      await manager.query(
        'INSERT INTO listing_rating_totals (listing_id) VALUES ($1) ON CONFLICT DO NOTHING',
        [r.listingId],
      );
      await manager.query(
        `UPDATE listing_rating_totals SET review_count = review_count + $2,
           ${LISTING_SUMS.map((c, i) => `${c} = ${c} + $${i + 3}`).join(', ')}
         WHERE listing_id = $1`,
        [r.listingId, sign, ...values.map((v) => sign * (v ?? 0))],
      );
    }
    for (const r of guests) {
      await manager.query(
        'INSERT INTO guest_rating_totals (guest_id) VALUES ($1) ON CONFLICT DO NOTHING',
        [r.subjectId],
      );
      await manager.query(
        `UPDATE guest_rating_totals SET review_count = review_count + $2,
           overall_sum = overall_sum + $3, would_host_again_count = would_host_again_count + $4
         WHERE guest_id = $1`,
        [r.subjectId, sign, sign * r.overall, r.wouldHostAgain ? sign : 0],
      );
    }
    const listingIds = [...new Set(stays.map((r) => r.listingId))];
    const changed = listingIds.length
      ? ((await manager.query(DERIVE_LISTINGS, [listingIds])) as [{ id: string }[], number])[0]
      : [];
    const guestIds = [...new Set(guests.map((r) => r.subjectId))];
    const changedGuests = guestIds.length
      ? ((await manager.query(DERIVE_GUESTS, [guestIds])) as [{ id: string }[], number])[0]
      : [];
    return {
      listingIds: changed.map((row) => row.id),
      guestIds: changedGuests.map((row) => row.id),
    };
  }

  /**
   * Recomputes every aggregate from the reviews themselves (the nightly job),
   * in batches; each batch locks its totals rows first, so a publication
   * running at the same time is either already counted or adds its own delta
   * after. Answers what had to be corrected (nothing, unless something drifted).
   */
  async recomputeAll(): Promise<RecomputeResult> {
    const listingIds = await this.queryIds(`
        SELECT listing_id AS id FROM listing_rating_totals
        UNION SELECT DISTINCT r.listing_id FROM reviews r WHERE r.author_role = 'guest' AND ${COUNTED}
        UNION SELECT id FROM listings WHERE rating_count <> 0 OR rating_avg IS NOT NULL
        ORDER BY id`);
    const guestIds = await this.queryIds(`
        SELECT guest_id AS id FROM guest_rating_totals
        UNION SELECT DISTINCT r.subject_id FROM reviews r WHERE r.author_role = 'host' AND ${COUNTED}
        UNION SELECT id FROM users WHERE guest_rating_count <> 0 OR guest_rating_avg IS NOT NULL
        ORDER BY id`);
    const listingsCorrected: string[] = [];
    for (let i = 0; i < listingIds.length; i += RECOMPUTE_BATCH) {
      const batch = listingIds.slice(i, i + RECOMPUTE_BATCH);
      const fixed = await this.tx.run((m) => this.recomputeListings(m, batch));
      listingsCorrected.push(...fixed);
      await Promise.all(fixed.map((id) => this.cache.invalidateListing(id)));
    }
    const guestsCorrected: string[] = [];
    for (let i = 0; i < guestIds.length; i += RECOMPUTE_BATCH) {
      const batch = guestIds.slice(i, i + RECOMPUTE_BATCH);
      const fixed = await this.tx.run((m) => this.recomputeGuests(m, batch));
      guestsCorrected.push(...fixed);
      if (fixed.length) await this.profiles.invalidate();
    }
    return { listingsCorrected, guestsCorrected };
  }

  private async queryIds(sql: string): Promise<string[]> {
    return this.tx.run(async (m) => ((await m.query(sql)) as { id: string }[]).map((r) => r.id));
  }

  private async recomputeListings(manager: EntityManager, ids: string[]): Promise<string[]> {
    await manager.query(
      'INSERT INTO listing_rating_totals (listing_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING',
      [ids],
    );
    await manager.query(
      'SELECT 1 FROM listing_rating_totals WHERE listing_id = ANY($1::uuid[]) ORDER BY listing_id FOR UPDATE',
      [ids],
    );
    const sums = [
      'overall',
      'cleanliness',
      'accuracy',
      'communication',
      'location',
      'check_in',
      'value',
    ];
    const [totals] = (await manager.query(
      `WITH fresh AS (
         SELECT l.id AS listing_id, count(r.id)::int AS review_count,
           ${sums.map((c) => `coalesce(sum(r.${c}), 0)::int AS ${c}_sum`).join(', ')}
         FROM unnest($1::uuid[]) AS l(id)
         LEFT JOIN reviews r ON r.listing_id = l.id AND r.author_role = 'guest' AND ${COUNTED}
         GROUP BY l.id)
       UPDATE listing_rating_totals t SET review_count = f.review_count,
         ${LISTING_SUMS.map((c) => `${c} = f.${c}`).join(', ')}
       FROM fresh f
       WHERE f.listing_id = t.listing_id
         AND ${tuple('t.', ['review_count', ...LISTING_SUMS])} IS DISTINCT FROM ${tuple('f.', ['review_count', ...LISTING_SUMS])}
       RETURNING t.listing_id AS id`,
      [ids],
    )) as [{ id: string }[], number];
    const [derived] = (await manager.query(DERIVE_LISTINGS, [ids])) as [{ id: string }[], number];
    return [...new Set([...totals, ...derived].map((r) => r.id))];
  }

  private async recomputeGuests(manager: EntityManager, ids: string[]): Promise<string[]> {
    await manager.query(
      'INSERT INTO guest_rating_totals (guest_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING',
      [ids],
    );
    await manager.query(
      'SELECT 1 FROM guest_rating_totals WHERE guest_id = ANY($1::uuid[]) ORDER BY guest_id FOR UPDATE',
      [ids],
    );
    const [totals] = (await manager.query(
      `WITH fresh AS (
         SELECT u.id AS guest_id, count(r.id)::int AS review_count,
           coalesce(sum(r.overall), 0)::int AS overall_sum,
           count(r.id) FILTER (WHERE r.would_host_again)::int AS would_host_again_count
         FROM unnest($1::uuid[]) AS u(id)
         LEFT JOIN reviews r ON r.subject_id = u.id AND r.author_role = 'host' AND ${COUNTED}
         GROUP BY u.id)
       UPDATE guest_rating_totals t SET review_count = f.review_count, overall_sum = f.overall_sum,
         would_host_again_count = f.would_host_again_count
       FROM fresh f
       WHERE f.guest_id = t.guest_id
         AND (t.review_count, t.overall_sum, t.would_host_again_count)
           IS DISTINCT FROM (f.review_count, f.overall_sum, f.would_host_again_count)
       RETURNING t.guest_id AS id`,
      [ids],
    )) as [{ id: string }[], number];
    const [derived] = (await manager.query(DERIVE_GUESTS, [ids])) as [{ id: string }[], number];
    return [...new Set([...totals, ...derived].map((r) => r.id))];
  }
}
