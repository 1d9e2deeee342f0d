import { randomInt, randomUUID } from 'node:crypto';
import { UsersService } from '@app/users';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered } from './accounts';
import { json, type RunningApi } from './api-server';
import { booked, day, pay, type BookingBody } from './bookings';
import { createPublished, registerHost, send, uniqueCity, type ListingBody } from './listings';
import { guestReview, insertStay } from './reviews';

/** Who calls: nobody, or one of the world's accounts. */
export const ACTORS = [
  'anonymous',
  'guest',
  'otherGuest',
  'host',
  'otherHost',
  'suspended',
  'admin',
] as const;
export type Actor = (typeof ACTORS)[number];
export type Member = Exclude<Actor, 'anonymous'>;

export interface Person extends Registered {
  phone: string;
}

/**
 * One small marketplace seen from every side: a host with a published
 * request-to-book listing (plus a spare one for rows that unlist, archive or
 * edit), the guest's paid request on it, a completed stay the guest reviewed,
 * two host blocks, a payout account; a second guest, a second host with a
 * listing of their own, a suspended account, an admin, and `target`, an
 * account only the admin acts on (suspend, reinstate).
 */
export interface World {
  people: Record<Member, Person>;
  target: Registered;
  listing: ListingBody;
  spareListing: ListingBody;
  otherListing: ListingBody;
  /** The exact street address of `listing` (unique to this world). */
  address: string;
  /** Four host blocks on `listing`, so each row that removes one has its own. */
  blockIds: string[];
  booking: BookingBody;
  /** A completed stay of the guest at `listing`, already reviewed by the guest. */
  stayId: string;
  reviewId: string;
  payoutAccountId: string;
}

const letters = (n: number) =>
  Array.from(
    { length: n },
    () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz'[randomInt(48)],
  ).join('');

/** A Stripe-shaped connected account id nobody else has. */
export const accountId = (): string => `acct_1${letters(15)}`;

async function expectOk(res: Response, what: string): Promise<Record<string, unknown>> {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

async function withPhone(api: RunningApi, account: Registered): Promise<Person> {
  const phone = `+1415${randomInt(1_000_000, 9_999_999)}`;
  await expectOk(
    await api.request('/api/v1/users/me', send('PATCH', { phone }, account.accessToken)),
    'set phone',
  );
  return { ...account, phone };
}

/**
 * The six accounts, each with a phone on file: two hosts (each with a payout
 * account once `buildWorld` adds it), two guests, an admin and a suspended
 * account whose token was issued before the suspension.
 */
export async function buildPeople(api: RunningApi): Promise<Record<Member, Person>> {
  const [host, otherHost, guest, otherGuest, suspended, admin] = await Promise.all([
    registerHost(api),
    registerHost(api),
    register(api),
    register(api),
    register(api),
    register(api),
  ]);
  await api.app.get(UsersService).setRole(admin.account.email, 'admin');
  const people = {
    host: await withPhone(api, host),
    otherHost: await withPhone(api, otherHost),
    guest: await withPhone(api, guest),
    otherGuest: await withPhone(api, otherGuest),
    suspended: await withPhone(api, suspended),
    admin: await withPhone(api, admin),
  };
  await expectOk(
    await api.request(
      `/api/v1/admin/users/${suspended.user.id}/suspend`,
      json({ reason: 'Reported for fake listings' }, bearer(admin.accessToken)),
    ),
    'suspend',
  );
  return people;
}

export async function buildWorld(api: RunningApi): Promise<World> {
  const db = api.app.get(DataSource);
  const [people, target] = await Promise.all([buildPeople(api), register(api)]);
  const { host, otherHost, guest } = people;

  const address = `${randomInt(1, 200)} Rue ${randomUUID().slice(0, 8)}`;
  const city = uniqueCity();
  const [listing, spareListing, otherListing] = await Promise.all([
    createPublished(api, host.accessToken, { city, address, instantBook: false }),
    createPublished(api, host.accessToken, { city, address: '3 Rue du Spare' }),
    createPublished(api, otherHost.accessToken, { city }),
  ]);

  const blockIds = await Promise.all(
    [60, 64, 68, 72].map(async (start) => {
      const block = await expectOk(
        await api.request(
          `/api/v1/listings/${listing.id}/blocks`,
          json({ startDate: day(start), endDate: day(start + 2) }, bearer(host.accessToken)),
        ),
        'block dates',
      );
      return block.id as string;
    }),
  );

  const payoutAccountId = accountId();
  await expectOk(
    await api.request(
      '/api/v1/users/me/payout-account',
      send('PUT', { stripeAccountId: payoutAccountId }, host.accessToken),
    ),
    'payout account',
  );

  const booking = await booked(api, guest.accessToken, {
    listingId: listing.id,
    checkIn: day(20),
    checkOut: day(23),
    guests: 2,
  });
  await expectOk(await pay(api, guest.accessToken, booking), 'pay');

  const stayId = await insertStay(db, {
    listingId: listing.id,
    guestId: guest.user.id,
    hostId: host.user.id,
    completedAt: new Date(Date.now() - 86_400_000),
  });
  // The stay's price breakdown as the bookings domain writes it, so booking lists can show it.
  await db.query(
    'UPDATE bookings SET price = (SELECT price FROM bookings WHERE id = $2) WHERE id = $1',
    [stayId, booking.id],
  );
  const review = await expectOk(
    await api.request(
      `/api/v1/bookings/${stayId}/reviews`,
      json(guestReview(), bearer(guest.accessToken)),
    ),
    'review',
  );

  return {
    people,
    target,
    listing,
    spareListing,
    otherListing,
    address,
    blockIds,
    booking,
    stayId,
    reviewId: review.id as string,
    payoutAccountId,
  };
}
