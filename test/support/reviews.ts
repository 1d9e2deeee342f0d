import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Registered } from './accounts';
import type { RunningApi } from './api-server';
import { createPublished, registerHost, uniqueCity, type ListingBody } from './listings';

export interface StayFixture {
  listingId: string;
  guestId: string;
  hostId: string;
  /** Default 'completed'. */
  status?: string;
  /** When the stay was completed (required for 'completed'); null for other statuses. */
  completedAt?: Date | null;
}

const DAY_MS = 24 * 3600 * 1000;
const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A booking row as the bookings domain leaves it once a stay has ended (or in
 * another status), written with SQL: reviews only read bookings, and these
 * tests are about reviews, not about booking a stay.
 */
export async function insertStay(dataSource: DataSource, stay: StayFixture): Promise<string> {
  const status = stay.status ?? 'completed';
  const completedAt = status === 'completed' ? (stay.completedAt ?? null) : null;
  if (status === 'completed' && !completedAt) throw new Error('a completed stay needs completedAt');
  const checkOut = completedAt ?? new Date(Date.now() + 10 * DAY_MS);
  const checkIn = new Date(checkOut.getTime() - 3 * DAY_MS);
  const cancelled = status.startsWith('cancelled_by_');
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO bookings (id, listing_id, guest_id, host_id, check_in, check_out, guests, mode, status,
       currency, total, host_payout, price, cancellation_policy, cancellation, completed_at,
       cancelled_at, cancelled_by)
     VALUES ($1, $2, $3, $4, $5, $6, 2, 'instant', $7, 'EUR', 39900, 34900, $8, 'moderate', $9, $10, $11, $12)`,
    [
      id,
      stay.listingId,
      stay.guestId,
      stay.hostId,
      day(checkIn),
      day(checkOut),
      status,
      JSON.stringify({ nights: 3, nightly: 12000, cleaningFee: 3000, total: 39900 }),
      JSON.stringify({ policy: 'moderate' }),
      completedAt,
      cancelled ? new Date(checkIn.getTime() - DAY_MS) : null,
      cancelled ? status.slice('cancelled_by_'.length) : null,
    ],
  );
  return id;
}

/** A completed stay: who hosted it, who stayed, where, and the booking. */
export interface Stay {
  host: Registered;
  guest: Registered;
  listing: ListingBody;
  bookingId: string;
}

/**
 * `count` stays of `guest`, completed at `completedAt`, each at the place of
 * a new host (one published place each, in a city of its own).
 */
export async function staysWithNewHosts(
  api: RunningApi,
  db: DataSource,
  guest: Registered,
  completedAt: Date,
  count: number,
): Promise<Stay[]> {
  const stays: Stay[] = [];
  for (let i = 0; i < count; i++) {
    const host = await registerHost(api);
    const listing = await createPublished(api, host.accessToken, { city: uniqueCity() });
    const bookingId = await insertStay(db, {
      listingId: listing.id,
      guestId: guest.user.id,
      hostId: host.user.id,
      completedAt,
    });
    stays.push({ host, guest, listing, bookingId });
  }
  return stays;
}

/** A complete guest review body (every sub-rating), with overrides. */
export function guestReview(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    overall: 5,
    cleanliness: 5,
    accuracy: 4,
    communication: 5,
    location: 4,
    checkIn: 5,
    value: 4,
    text: 'Spotless flat by the canal, and a very welcoming host.',
    ...overrides,
  };
}

/** A complete host review body, with overrides. */
export function hostReview(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    overall: 5,
    wouldHostAgain: true,
    text: 'A considerate guest who left the place tidy.',
    ...overrides,
  };
}

/**
 * A real page cursor whose payload the client changed (its position moved one
 * day later) while keeping the original signature after the `.`: the API must
 * refuse it with INVALID_CURSOR rather than page from the forged position.
 */
export function tamperedCursor(cursor: string): string {
  const [body, mac] = cursor.split('.');
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    at?: unknown;
  };
  if (typeof payload.at !== 'string' || !mac)
    throw new Error(`not a review page cursor: ${cursor}`);
  const moved = { ...payload, at: new Date(Date.parse(payload.at) + DAY_MS).toISOString() };
  return `${Buffer.from(JSON.stringify(moved), 'utf8').toString('base64url')}.${mac}`;
}
