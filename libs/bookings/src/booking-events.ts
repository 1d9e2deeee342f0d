import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import type { EntityManager } from 'typeorm';
import type { BookingEvent, BookingStatus } from './booking-state-machine';
import { Booking } from './booking.entity';

/** Writes a booking's transitions: the row change and its history entry, in the caller's transaction. */
@Injectable()
export class BookingEvents {
  /** Appends a history row (the booking's status is `booking.status`). */
  async record(
    manager: EntityManager,
    booking: Booking,
    event: BookingEvent | 'created' | 'payment_failed' | 'paid_after_expiry',
    from: BookingStatus | null,
    actorId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.query(
      `INSERT INTO booking_events (booking_id, event, from_status, to_status, actor_id, details)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [booking.id, event, from, booking.status, actorId, details],
    );
  }

  /**
   * Moves a locked booking to `to` with `changes` (timestamps and such),
   * bumping its version, and records the event. Mutates `booking`.
   */
  async move(
    manager: EntityManager,
    booking: Booking,
    to: BookingStatus,
    event: BookingEvent,
    actorId: string | null,
    changes: Partial<Booking> = {},
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const from = booking.status;
    const result = await manager
      .getRepository(Booking)
      .update(
        { id: booking.id, version: booking.version },
        { ...changes, status: to, version: booking.version + 1 },
      );
    // The row is locked by the caller, so the version matches; this guards a caller that forgot.
    if (result.affected !== 1) throw new Error(`Booking ${booking.id} changed under a transition`);
    Object.assign(booking, changes, { status: to, version: booking.version + 1 });
    await this.record(manager, booking, event, from, actorId, details);
  }
}

/** Reads a booking with its row lock (`FOR UPDATE`), the first step of every transition. */
export async function lockBooking(manager: EntityManager, id: string): Promise<Booking> {
  const booking = await manager
    .getRepository(Booking)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!booking) throw new NotFoundError('Booking', id);
  return booking;
}
