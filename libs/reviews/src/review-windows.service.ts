import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, TransactionRunner } from '@app/core';
import { ListingCache } from '@app/listings';
import { NotificationOutbox, type EmailTemplateName } from '@app/notifications';
import { PublicProfileCache } from '@app/users';
import type { EntityManager } from 'typeorm';
import { RatingAggregates, type CountedReview } from './rating-aggregates';
import type { StayForReview } from './review-stay';
import { CLOSING_REMINDER_DAYS, formatDeadline, REVIEW_WINDOW_DAYS } from './review-window';
import type { ReviewRow } from './review-rows';

const WINDOW_HOURS = REVIEW_WINDOW_DAYS * 24;
const CLOSING_REMINDER_HOURS = CLOSING_REMINDER_DAYS * 24;
const SWEEP_BATCH = 100;

export interface ReviewWindowRow {
  booking_id: string;
  closes_at: Date;
  closed_at: Date | null;
  closed_because: 'both_reviewed' | 'window_ended' | null;
}

/** What one sweep did; each count is of windows (or new windows) handled. */
export interface ReviewSweepResult {
  opened: number;
  openReminders: number;
  closingReminders: number;
  closed: number;
}

/** A window with both parties and the listing, as the reminders need them. */
interface WindowParties {
  booking_id: string;
  listing_id: string;
  closes_at: Date;
  listing_title: string;
  guest_email: string;
  guest_first_name: string;
  guest_gone: boolean;
  host_email: string;
  host_first_name: string;
  host_gone: boolean;
  guest_reviewed: boolean;
  host_reviewed: boolean;
}

/** Effects to carry out after a commit. */
export interface AfterCommit {
  outboxIds: string[];
  listingIds: string[];
  /** Guests whose guest rating changed. */
  guestIds: string[];
}

const PARTIES_SQL = (where: string, order: string) => `
  SELECT w.booking_id, w.listing_id, w.closes_at, l.title AS listing_title,
    g.email AS guest_email, g.first_name AS guest_first_name, g.deleted_at IS NOT NULL AS guest_gone,
    h.email AS host_email, h.first_name AS host_first_name, h.deleted_at IS NOT NULL AS host_gone,
    EXISTS (SELECT 1 FROM reviews r WHERE r.booking_id = w.booking_id AND r.author_role = 'guest') AS guest_reviewed,
    EXISTS (SELECT 1 FROM reviews r WHERE r.booking_id = w.booking_id AND r.author_role = 'host') AS host_reviewed
  FROM review_windows w
  JOIN listings l ON l.id = w.listing_id
  JOIN users g ON g.id = w.guest_id
  JOIN users h ON h.id = w.host_id
  WHERE ${where}
  ORDER BY ${order}
  LIMIT ${SWEEP_BATCH}
  FOR UPDATE OF w SKIP LOCKED`;

/**
 * The review window of each completed stay, as rows: when it opens and
 * closes, which reminders went out, and whether (and why) it is closed. The
 * sweep finds due work with the clock's "now" as a parameter and records what
 * it did in the same transaction, row-locked with SKIP LOCKED: running it
 * twice, or in two workers at once, sends each reminder and publishes each
 * review once.
 */
@Injectable()
export class ReviewWindows {
  private readonly logger = new Logger(ReviewWindows.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: NotificationOutbox,
    private readonly aggregates: RatingAggregates,
    private readonly cache: ListingCache,
    private readonly profiles: PublicProfileCache,
    private readonly config: AppConfig,
  ) {}

  /** The stay's window row, created if the sweep has not yet, and locked for the caller's transaction. */
  async lock(
    manager: EntityManager,
    stay: StayForReview & { completedAt: Date },
  ): Promise<ReviewWindowRow> {
    await manager.query(
      `INSERT INTO review_windows (booking_id, listing_id, guest_id, host_id, opens_at, closes_at)
       VALUES ($1, $2, $3, $4, $5, $5::timestamptz + make_interval(hours => ${WINDOW_HOURS}))
       ON CONFLICT (booking_id) DO NOTHING`,
      [stay.id, stay.listingId, stay.guestId, stay.hostId, stay.completedAt],
    );
    const rows = (await manager.query(
      'SELECT booking_id, closes_at, closed_at, closed_because FROM review_windows WHERE booking_id = $1 FOR UPDATE',
      [stay.id],
    )) as ReviewWindowRow[];
    return rows[0];
  }

  /**
   * Publishes every pending review of a stay and closes its window, in the
   * caller's transaction: aggregates move in the same transaction, and each
   * author gets a "your review is published" email.
   */
  async publish(
    manager: EntityManager,
    bookingId: string,
    because: 'both_reviewed' | 'window_ended',
  ): Promise<AfterCommit> {
    const now = this.clock.now();
    await manager.query(
      'UPDATE review_windows SET closed_at = $2, closed_because = $3 WHERE booking_id = $1 AND closed_at IS NULL',
      [bookingId, now, because],
    );
    const [published] = (await manager.query(
      `UPDATE reviews SET published_at = $2, updated_at = $2
       WHERE booking_id = $1 AND published_at IS NULL
       RETURNING id, listing_id, author_id, subject_id, author_role, overall, cleanliness, accuracy,
         communication, location, check_in, value, would_host_again, hidden_at`,
      [bookingId, now],
    )) as [PublishedRow[], number];
    const counted = published.filter((r) => r.hidden_at === null).map(countedOf);
    const { listingIds, guestIds } = await this.aggregates.apply(manager, counted, 1);
    const outboxIds: string[] = [];
    for (const review of published.filter((r) => r.hidden_at === null)) {
      const [author] = (await manager.query(
        `SELECT u.email, u.first_name, u.deleted_at IS NOT NULL AS gone, l.title
         FROM users u, listings l WHERE u.id = $1 AND l.id = $2`,
        [review.author_id, review.listing_id],
      )) as { email: string; first_name: string; gone: boolean; title: string }[];
      if (!author || author.gone) continue;
      outboxIds.push(
        await this.outbox.enqueueEmail(manager, {
          to: author.email,
          template: 'review-published',
          data: {
            firstName: author.first_name,
            listingTitle: author.title,
            link: this.link(bookingId),
          },
          correlationId: review.id,
        }),
      );
    }
    return { outboxIds, listingIds, guestIds };
  }

  /** After a commit: queue the emails, refresh the cached listings and public profiles. */
  async afterCommit(effects: AfterCommit): Promise<void> {
    await this.outbox.dispatch(effects.outboxIds);
    await Promise.all(effects.listingIds.map((id) => this.cache.invalidateListing(id)));
    if (effects.guestIds.length) await this.profiles.invalidate();
  }

  /** The periodic job: new windows, reminders, and publication of windows that ended. */
  async sweep(): Promise<ReviewSweepResult> {
    const result: ReviewSweepResult = {
      opened: 0,
      openReminders: 0,
      closingReminders: 0,
      closed: 0,
    };
    result.opened = await this.openNewWindows();
    result.openReminders = await this.untilDone(() => this.remindBatch('open'));
    result.closingReminders = await this.untilDone(() => this.remindBatch('closing'));
    result.closed = await this.untilDone(() => this.closeBatch());
    if (result.opened + result.openReminders + result.closingReminders + result.closed > 0)
      this.logger.log(result, 'review windows swept');
    return result;
  }

  /** A window for every stay completed in the last 14 days that has none yet. */
  private async openNewWindows(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.clock.now();
      const rows = await this.tx.run(
        async (m) =>
          (await m.query(
            `INSERT INTO review_windows (booking_id, listing_id, guest_id, host_id, opens_at, closes_at)
             SELECT b.id, b.listing_id, b.guest_id, b.host_id, b.completed_at,
               b.completed_at + make_interval(hours => ${WINDOW_HOURS})
             FROM bookings b
             WHERE b.status = 'completed' AND b.completed_at <= $1
               AND b.completed_at > $1::timestamptz - make_interval(hours => ${WINDOW_HOURS})
               AND NOT EXISTS (SELECT 1 FROM review_windows w WHERE w.booking_id = b.id)
             ORDER BY b.completed_at
             LIMIT ${SWEEP_BATCH * 5}
             ON CONFLICT (booking_id) DO NOTHING
             RETURNING booking_id`,
            [now],
          )) as unknown[],
      );
      total += rows.length;
      if (rows.length < SWEEP_BATCH * 5) return total;
    }
  }

  private async untilDone(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await batch();
      total += done;
      if (done < SWEEP_BATCH) return total;
    }
  }

  /**
   * Reminds each side that has not reviewed yet. The window-open reminder is
   * skipped (but recorded) once the closing reminder is due: one mail, not two.
   */
  private async remindBatch(kind: 'open' | 'closing'): Promise<number> {
    const now = this.clock.now();
    const effects = await this.tx.run(async (m) => {
      const windows = (await m.query(
        kind === 'open'
          ? PARTIES_SQL(
              'w.open_reminder_at IS NULL AND w.closed_at IS NULL AND w.opens_at <= $1',
              'w.opens_at',
            )
          : PARTIES_SQL(
              `w.closing_reminder_at IS NULL AND w.closed_at IS NULL
               AND w.closes_at <= $1::timestamptz + make_interval(hours => ${CLOSING_REMINDER_HOURS})
               AND w.closes_at > $1`,
              'w.closes_at',
            ),
        [now],
      )) as WindowParties[];
      const outboxIds: string[] = [];
      for (const w of windows) {
        const closingDue =
          w.closes_at.getTime() - CLOSING_REMINDER_HOURS * 3600_000 <= now.getTime();
        if (kind === 'open' && closingDue) continue;
        const template: EmailTemplateName =
          kind === 'open' ? 'review-window-open' : 'review-window-closing';
        for (const side of ['guest', 'host'] as const) {
          if (w[`${side}_reviewed`] || w[`${side}_gone`]) continue;
          outboxIds.push(
            await this.outbox.enqueueEmail(m, {
              to: w[`${side}_email`],
              template,
              data: {
                firstName: w[`${side}_first_name`],
                listingTitle: w.listing_title,
                deadline: formatDeadline(w.closes_at),
                link: this.link(w.booking_id),
              },
              correlationId: w.booking_id,
            }),
          );
        }
      }
      if (windows.length)
        await m.query(
          `UPDATE review_windows SET ${kind === 'open' ? 'open_reminder_at' : 'closing_reminder_at'} = $2
           WHERE booking_id = ANY($1::uuid[])`,
          [windows.map((w) => w.booking_id), now],
        );
      return { outboxIds, listingIds: [], guestIds: [], handled: windows.length };
    });
    await this.afterCommit(effects);
    return effects.handled;
  }

  /** Publishes what was written in windows that have ended, and closes them. */
  private async closeBatch(): Promise<number> {
    const now = this.clock.now();
    const effects = await this.tx.run(async (m) => {
      const due = (await m.query(
        `SELECT booking_id FROM review_windows
         WHERE closed_at IS NULL AND closes_at <= $1
         ORDER BY closes_at LIMIT ${SWEEP_BATCH}
         FOR UPDATE SKIP LOCKED`,
        [now],
      )) as { booking_id: string }[];
      const all: AfterCommit = { outboxIds: [], listingIds: [], guestIds: [] };
      for (const { booking_id } of due) {
        const done = await this.publish(m, booking_id, 'window_ended');
        all.outboxIds.push(...done.outboxIds);
        all.listingIds.push(...done.listingIds);
        all.guestIds.push(...done.guestIds);
      }
      return { ...all, handled: due.length };
    });
    await this.afterCommit(effects);
    return effects.handled;
  }

  private link(bookingId: string): string {
    return `${this.config.webAppUrl}/trips/${bookingId}/reviews`;
  }
}

/** A review as publication and the aggregates read it. */
type PublishedRow = Omit<ReviewRow, 'booking_id' | 'text' | 'submitted_at' | 'published_at'> & {
  hidden_at: Date | null;
};

/** What a review row adds to the aggregates. */
export function countedOf(
  row: Omit<PublishedRow, 'id' | 'author_id' | 'hidden_at'>,
): CountedReview {
  return {
    listingId: row.listing_id,
    subjectId: row.subject_id,
    authorRole: row.author_role,
    overall: row.overall,
    cleanliness: row.cleanliness,
    accuracy: row.accuracy,
    communication: row.communication,
    location: row.location,
    checkIn: row.check_in,
    value: row.value,
    wouldHostAgain: row.would_host_again,
  };
}
