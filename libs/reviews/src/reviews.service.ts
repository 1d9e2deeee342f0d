import { Injectable } from '@nestjs/common';
import {
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  ErrorCode,
  NotFoundError,
  toPage,
  TransactionRunner,
  ValidationFailedError,
  type FieldError,
  type Page,
} from '@app/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateReviewInput, ReviewResponseInput } from './dto/create-review.input';
import type { ModeratedReviewView, ReviewView } from './dto/review.view';
import { RatingAggregates } from './rating-aggregates';
import { CANCELLED_STAY_STATUSES, SUB_RATINGS, type ReviewAuthorRole } from './review-catalogue';
import {
  moderatedReviewViewOf,
  PUBLIC_REVIEW,
  REVIEW_COLUMNS,
  REVIEW_FROM,
  reviewViewOf,
  type ReviewRow,
} from './review-rows';
import { loadStayForReview } from './review-stay';
import { isWindowOpen, reviewWindowOf } from './review-window';
import { countedOf, ReviewWindows } from './review-windows.service';

/** Who is acting (the signed-in user). */
export interface ReviewActor {
  id: string;
  role: string;
}

export interface ReviewPageRequest {
  limit?: number;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keyset cursor of the public lists: the last row's publication instant and id. */
function afterCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor, { at: 'string', id: 'string' });
  const at = String(c.at);
  if (
    !UUID.test(String(c.id)) ||
    !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) ||
    Number.isNaN(Date.parse(at))
  )
    throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
  return { at, id: String(c.id) };
}

const cursorOf = (row: ReviewRow) => ({ at: row.published_at!.toISOString(), id: row.id });

/**
 * Double-blind two-sided reviews of completed stays. A review is pending
 * (its author alone sees it) until both sides have reviewed or the window
 * closes; then both are published together and counted in the aggregates.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly windows: ReviewWindows,
    private readonly aggregates: RatingAggregates,
  ) {}

  /** The guest's review of the stay, or the host's review of the guest, for a completed stay. */
  async submit(
    actor: ReviewActor,
    bookingId: string,
    input: CreateReviewInput,
  ): Promise<ReviewView> {
    const { reviewId, effects } = await this.tx.run(async (manager) => {
      const stay = await loadStayForReview(manager, bookingId);
      const role: ReviewAuthorRole | undefined =
        actor.id === stay.guestId ? 'guest' : actor.id === stay.hostId ? 'host' : undefined;
      if (!role)
        throw new DomainError(
          ErrorCode.NOT_STAY_PARTICIPANT,
          'Only the guest and the host of a stay can review it',
        );
      checkShape(role, input);
      if ((CANCELLED_STAY_STATUSES as readonly string[]).includes(stay.status))
        throw new DomainError(ErrorCode.STAY_CANCELLED, 'A cancelled stay cannot be reviewed');
      const now = this.clock.now();
      if (stay.status !== 'completed' || !stay.completedAt || stay.completedAt > now)
        throw new DomainError(
          ErrorCode.STAY_NOT_COMPLETED,
          'A stay can be reviewed once it is completed',
          { details: { status: stay.status } },
        );
      const times = reviewWindowOf(stay.completedAt);
      if (!isWindowOpen(times, now)) throw windowClosed(times.closesAt);
      const window = await this.windows.lock(manager, { ...stay, completedAt: stay.completedAt });
      const written = (await manager.query(
        'SELECT author_role FROM reviews WHERE booking_id = $1',
        [bookingId],
      )) as { author_role: ReviewAuthorRole }[];
      if (written.some((r) => r.author_role === role))
        throw new DomainError(ErrorCode.ALREADY_REVIEWED, 'You have already reviewed this stay');
      if (window.closed_at) throw windowClosed(window.closes_at);
      const [inserted] = (await manager.query(
        `INSERT INTO reviews (booking_id, listing_id, author_id, subject_id, author_role, overall,
           cleanliness, accuracy, communication, location, check_in, value, would_host_again, text,
           submitted_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15)
         RETURNING id`,
        [
          bookingId,
          stay.listingId,
          actor.id,
          role === 'guest' ? stay.hostId : stay.guestId,
          role,
          input.overall,
          input.cleanliness ?? null,
          input.accuracy ?? null,
          input.communication ?? null,
          input.location ?? null,
          input.checkIn ?? null,
          input.value ?? null,
          input.wouldHostAgain ?? null,
          input.text,
          now,
        ],
      )) as { id: string }[];
      // The other side is already in: both are published now, together.
      const effects =
        written.length > 0
          ? await this.windows.publish(manager, bookingId, 'both_reviewed')
          : { outboxIds: [], listingIds: [], guestIds: [] };
      return { reviewId: inserted.id, effects };
    });
    await this.windows.afterCommit(effects);
    return reviewViewOf(await this.row(this.dataSource.manager, reviewId), actor.id);
  }

  /** The host's one public reply to a published guest review of their listing. */
  async respond(
    actor: ReviewActor,
    reviewId: string,
    input: ReviewResponseInput,
  ): Promise<ReviewView> {
    await this.tx.run(async (manager) => {
      const row = await this.row(manager, reviewId, true);
      if (!isVisibleTo(row, actor.id)) throw new NotFoundError('Review', reviewId);
      if (row.author_role !== 'guest' || row.subject_id !== actor.id || !row.published_at)
        throw new DomainError(
          ErrorCode.RESPONSE_NOT_ALLOWED,
          "Only the host of the stay can respond, to the guest's published review",
        );
      if (row.response_text !== null)
        throw new DomainError(ErrorCode.ALREADY_RESPONDED, 'This review already has a response');
      const now = this.clock.now();
      await manager.query(
        'UPDATE reviews SET response_text = $2, responded_at = $3, updated_at = $3 WHERE id = $1',
        [reviewId, input.text, now],
      );
    });
    return reviewViewOf(await this.row(this.dataSource.manager, reviewId), actor.id);
  }

  /**
   * An admin hides a review for good (the reason is kept). A published one
   * leaves the aggregates in the same transaction; `audit` runs in it too.
   */
  async hide(
    actor: ReviewActor,
    reviewId: string,
    reason: string,
    audit?: (manager: EntityManager, review: ReviewRow) => Promise<void>,
  ): Promise<ModeratedReviewView> {
    const changed = await this.tx.run(async (manager) => {
      const row = await this.row(manager, reviewId, true);
      if (row.hidden_at) throw new DomainError(ErrorCode.CONFLICT, 'The review is already hidden');
      const now = this.clock.now();
      await manager.query(
        `UPDATE reviews SET hidden_at = $2, hidden_by = $3, hidden_reason = $4, updated_at = $2
         WHERE id = $1`,
        [reviewId, now, actor.id, reason],
      );
      const aggregates = row.published_at
        ? await this.aggregates.apply(manager, [countedOf(row)], -1)
        : { listingIds: [], guestIds: [] };
      await audit?.(manager, row);
      return aggregates;
    });
    await this.windows.afterCommit({ outboxIds: [], ...changed });
    return moderatedReviewViewOf(await this.row(this.dataSource.manager, reviewId));
  }

  /** The reviews of one stay its guest or host may see: their own, and the other's once published. */
  async forStay(actor: ReviewActor, bookingId: string): Promise<ReviewView[]> {
    const stay = await this.tx.run((m) => loadStayForReview(m, bookingId));
    if (actor.id !== stay.guestId && actor.id !== stay.hostId)
      throw new DomainError(
        ErrorCode.NOT_STAY_PARTICIPANT,
        'Only the guest and the host of a stay can read its reviews here',
      );
    const rows = (await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM}
       WHERE r.booking_id = $1 AND r.hidden_at IS NULL AND (r.published_at IS NOT NULL OR r.author_id = $2)
       ORDER BY r.author_role`,
      [bookingId, actor.id],
    )) as ReviewRow[];
    return rows.map((r) => reviewViewOf(r, actor.id));
  }

  /** Published guest reviews of a listing, newest first. */
  async forListing(listingId: string, page: ReviewPageRequest = {}): Promise<Page<ReviewView>> {
    const exists = (await this.dataSource.query('SELECT 1 FROM listings WHERE id = $1', [
      listingId,
    ])) as unknown[];
    if (exists.length === 0) throw new NotFoundError('Listing', listingId);
    return (await this.forListings([listingId], page)).get(listingId)!;
  }

  /**
   * Pages of several listings' reviews at once (GraphQL's DataLoader): one
   * query, each listing read through its index up to the page size.
   */
  async forListings(
    listingIds: readonly string[],
    page: ReviewPageRequest = {},
  ): Promise<Map<string, Page<ReviewView>>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = afterCursor(page.cursor);
    const rows = (await this.dataSource.query(
      `SELECT x.* FROM unnest($1::uuid[]) AS l(id)
       CROSS JOIN LATERAL (
         SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM}
         WHERE r.listing_id = l.id AND r.author_role = 'guest' AND ${PUBLIC_REVIEW}
           ${after ? 'AND (r.published_at, r.id) < ($3::timestamptz, $4::uuid)' : ''}
         ORDER BY r.published_at DESC, r.id DESC
         LIMIT $2) x`,
      [[...listingIds], limit + 1, ...(after ? [after.at, after.id] : [])],
    )) as ReviewRow[];
    const byListing = new Map<string, ReviewRow[]>(listingIds.map((id) => [id, []]));
    for (const row of rows) byListing.get(row.listing_id)?.push(row);
    return new Map(
      [...byListing].map(([id, list]) => [
        id,
        toPage(list, limit, cursorOf, (r) => reviewViewOf(r)),
      ]),
    );
  }

  /**
   * Published reviews about a user, newest first: from hosts about them as a
   * guest and from guests about stays they hosted (`as` picks one side).
   */
  async aboutUser(
    userId: string,
    options: ReviewPageRequest & { as?: ReviewAuthorRole } = {},
  ): Promise<Page<ReviewView>> {
    const exists = (await this.dataSource.query(
      'SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL',
      [userId],
    )) as unknown[];
    if (exists.length === 0) throw new NotFoundError('User', userId);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = afterCursor(options.cursor);
    const params: unknown[] = [userId, limit + 1];
    const where = [`r.subject_id = $1`, PUBLIC_REVIEW];
    // As a guest: written by hosts; as a host: written by guests.
    if (options.as) {
      params.push(options.as === 'guest' ? 'host' : 'guest');
      where.push(`r.author_role = $${params.length}`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(
        `(r.published_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const rows = (await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE ${where.join(' AND ')}
       ORDER BY r.published_at DESC, r.id DESC LIMIT $2`,
      params,
    )) as ReviewRow[];
    return toPage(rows, limit, cursorOf, (r) => reviewViewOf(r));
  }

  private async row(manager: EntityManager, id: string, lock = false): Promise<ReviewRow> {
    const rows = (await manager.query(
      `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id],
    )) as ReviewRow[];
    if (!rows[0]) throw new NotFoundError('Review', id);
    return rows[0];
  }
}

/** Hidden reviews are seen by nobody; pending ones by their author only. */
function isVisibleTo(row: ReviewRow, viewerId: string): boolean {
  return row.hidden_at === null && (row.published_at !== null || row.author_id === viewerId);
}

function windowClosed(closesAt: Date): DomainError {
  return new DomainError(
    ErrorCode.REVIEW_WINDOW_CLOSED,
    'The review window of this stay has closed',
    {
      details: { closedAt: closesAt.toISOString() },
    },
  );
}

/** A guest rates every sub-rating and says nothing of hosting again; a host the reverse. */
function checkShape(role: ReviewAuthorRole, input: CreateReviewInput): void {
  const errors: FieldError[] = [];
  if (role === 'guest') {
    for (const key of SUB_RATINGS)
      if (input[key] === undefined || input[key] === null)
        errors.push({ field: key, message: `${key} is required in a guest's review` });
    if (input.wouldHostAgain !== undefined && input.wouldHostAgain !== null)
      errors.push({
        field: 'wouldHostAgain',
        message: "wouldHostAgain is only for a host's review",
      });
  } else {
    for (const key of SUB_RATINGS)
      if (input[key] !== undefined && input[key] !== null)
        errors.push({ field: key, message: `${key} is only for a guest's review` });
    if (input.wouldHostAgain === undefined || input.wouldHostAgain === null)
      errors.push({
        field: 'wouldHostAgain',
        message: "wouldHostAgain is required in a host's review",
      });
  }
  if (errors.length) throw new ValidationFailedError(errors);
}
