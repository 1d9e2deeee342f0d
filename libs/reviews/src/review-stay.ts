import { NotFoundError } from '@app/core';
import type { EntityManager } from 'typeorm';

/** What reviews need of a booking, read with plain SQL (the bookings domain owns the table). */
export interface StayForReview {
  id: string;
  listingId: string;
  guestId: string;
  hostId: string;
  status: string;
  completedAt: Date | null;
}

/**
 * Reads a booking share-locked: it cannot change status under a review being
 * written, while other readers and reviewers are not blocked.
 */
export async function loadStayForReview(
  manager: EntityManager,
  bookingId: string,
): Promise<StayForReview> {
  const rows = (await manager.query(
    `SELECT id, listing_id, guest_id, host_id, status, completed_at
     FROM bookings WHERE id = $1 FOR SHARE`,
    [bookingId],
  )) as {
    id: string;
    listing_id: string;
    guest_id: string;
    host_id: string;
    status: string;
    completed_at: Date | null;
  }[];
  const row = rows[0];
  if (!row) throw new NotFoundError('Booking', bookingId);
  return {
    id: row.id,
    listingId: row.listing_id,
    guestId: row.guest_id,
    hostId: row.host_id,
    status: row.status,
    completedAt: row.completed_at,
  };
}
