import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Clock,
  DomainError,
  ErrorCode,
  NotFoundError,
  ReadReplica,
  TransactionRunner,
  ValidationFailedError,
} from '@app/core';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  BlockDatesInput,
  CalendarBlockView,
  CalendarDayStatus,
  ListingCalendarView,
} from './dto/calendar.views';
import { MoneyView } from './dto/money.view';
import { assertCanManage, assertCanSee, type ListingActor } from './listing-access';
import { ListingCache } from './listing-cache';
import { Listing } from './listing.entity';
import { addDays, checkDateRange, daysBetween } from './stay-date';

/** The longest booking window a host may set (two years). */
export const MAX_BOOKING_WINDOW_DAYS = 730;

export interface HoldRequest {
  listingId: string;
  checkIn: string;
  checkOut: string;
  bookingId: string;
}

interface HoldRow {
  id: string;
  lower: string;
  upper: string;
  kind: 'block' | 'booking';
  note: string | null;
}

/**
 * The availability of listings: one table of date ranges `[start, end)` per
 * listing holding every night that is not free (host blocks and booking
 * holds), whose exclusion constraint makes any overlap a 409 DATES_UNAVAILABLE.
 */
@Injectable()
export class ListingCalendar {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly cache: ListingCache,
    private readonly replica: ReadReplica,
    private readonly clock: Clock,
  ) {}

  /**
   * Holds the nights of a booking inside the caller's transaction. Overlap
   * with any block or booking fails with DATES_UNAVAILABLE (the constraint
   * decides, so concurrent callers cannot both win). The caller invalidates
   * the cache after its commit.
   */
  async hold(manager: EntityManager, request: HoldRequest): Promise<string> {
    checkDateRange(request.checkIn, request.checkOut);
    const [row] = (await manager.query(
      `INSERT INTO listing_calendar_holds (listing_id, during, kind, booking_id)
       VALUES ($1, daterange($2::date, $3::date, '[)'), 'booking', $4) RETURNING id`,
      [request.listingId, request.checkIn, request.checkOut, request.bookingId],
    )) as { id: string }[];
    return row.id;
  }

  /** Frees the nights of a booking (cancelled, declined, expired); true if it held any. */
  async release(manager: EntityManager, bookingId: string): Promise<boolean> {
    const rows = (await manager.query(
      'DELETE FROM listing_calendar_holds WHERE booking_id = $1 RETURNING id',
      [bookingId],
    )) as [unknown[], number] | unknown[];
    const deleted = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    return deleted.length > 0;
  }

  /** True when no block or booking holds any night of `[checkIn, checkOut)` (for quotes; holds still decide). */
  async isFree(
    listingId: string,
    checkIn: string,
    checkOut: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    checkDateRange(checkIn, checkOut);
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM listing_calendar_holds
        WHERE listing_id = $1 AND during && daterange($2::date, $3::date, '[)') LIMIT 1`,
      [listingId, checkIn, checkOut],
    )) as unknown[];
    return rows.length === 0;
  }

  async block(
    actor: ListingActor,
    listingId: string,
    input: BlockDatesInput,
  ): Promise<CalendarBlockView> {
    checkDateRange(input.startDate, input.endDate, { start: 'startDate', end: 'endDate' });
    // No listing can be booked further ahead, so a block beyond it means nothing (and year 9999 is a typo).
    const last = addDays(this.clock.now().toISOString().slice(0, 10), MAX_BOOKING_WINDOW_DAYS + 1);
    if (daysBetween(last, input.endDate) > 0)
      throw new ValidationFailedError([
        {
          field: 'endDate',
          message: `Blocks may reach at most ${MAX_BOOKING_WINDOW_DAYS} days ahead: end by ${last} at the latest`,
        },
      ]);
    const view = await this.tx.run(async (manager) => {
      const listing = await this.lockListing(manager, listingId);
      assertCanManage(listing, actor);
      if (listing.status === 'archived')
        throw new DomainError(
          ErrorCode.INVALID_LISTING_STATE,
          'An archived listing cannot be changed',
        );
      const [row] = (await manager.query(
        `INSERT INTO listing_calendar_holds (listing_id, during, kind, note)
         VALUES ($1, daterange($2::date, $3::date, '[)'), 'block', $4)
         RETURNING id, lower(during)::text AS lower, upper(during)::text AS upper, kind, note`,
        [listingId, input.startDate, input.endDate, input.note ?? null],
      )) as HoldRow[];
      return toBlockView(listingId, row);
    });
    await this.cache.invalidateListing(listingId);
    return view;
  }

  async unblock(actor: ListingActor, listingId: string, blockId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const listing = await this.lockListing(manager, listingId);
      assertCanManage(listing, actor);
      const result = (await manager.query(
        "DELETE FROM listing_calendar_holds WHERE id = $1 AND listing_id = $2 AND kind = 'block' RETURNING id",
        [blockId, listingId],
      )) as [unknown[], number];
      if (result[1] === 0) throw new NotFoundError('Block', blockId);
    });
    await this.cache.invalidateListing(listingId);
  }

  /**
   * Every day of `[from, to]` (inclusive) as available, blocked or booked, with
   * its price. Read on a replica unless the listing was just written (a block,
   * a booking), so a host sees their own change at once.
   */
  async calendar(
    listingId: string,
    from: string,
    to: string,
    actor?: ListingActor,
  ): Promise<ListingCalendarView> {
    checkDateRange(from, addDays(to, 1), { start: 'from', end: 'to' });
    return this.replica.read((manager) => this.readCalendar(manager, listingId, from, to, actor), {
      // Asked only when replicas are configured: no cache round trip otherwise.
      writtenAgoMs: () => this.cache.writtenAgoMs(listingId),
    });
  }

  private async readCalendar(
    manager: EntityManager,
    listingId: string,
    from: string,
    to: string,
    actor?: ListingActor,
  ): Promise<ListingCalendarView> {
    const listing = await manager.getRepository(Listing).findOne({ where: { id: listingId } });
    if (!listing) throw new NotFoundError('Listing', listingId);
    await assertCanSee(manager, listing, actor);
    const holds = (await manager.query(
      `SELECT id, lower(during)::text AS lower, upper(during)::text AS upper, kind, note
         FROM listing_calendar_holds
        WHERE listing_id = $1 AND during && daterange($2::date, $3::date, '[)')`,
      [listingId, from, addDays(to, 1)],
    )) as HoldRow[];
    const price = MoneyView.of(listing.nightlyPrice, listing.currency);
    const days = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => {
      const date = addDays(from, i);
      const hold = holds.find((h) => h.lower <= date && date < h.upper);
      const status: CalendarDayStatus = !hold
        ? 'available'
        : hold.kind === 'block'
          ? 'blocked'
          : 'booked';
      return { date, status, price };
    });
    return { listingId, from, to, days };
  }

  private async lockListing(manager: EntityManager, listingId: string): Promise<Listing> {
    const listing = await manager
      .getRepository(Listing)
      .findOne({ where: { id: listingId }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw new NotFoundError('Listing', listingId);
    return listing;
  }
}

function toBlockView(listingId: string, row: HoldRow): CalendarBlockView {
  return { id: row.id, listingId, startDate: row.lower, endDate: row.upper, note: row.note };
}
