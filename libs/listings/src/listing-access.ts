import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import type { EntityManager } from 'typeorm';
import type { Listing } from './listing.entity';

/**
 * The one bookable rule, as SQL for the listing aliased `alias`: published
 * (not a draft, unlisted or archived) and its host neither suspended nor
 * deleted. Search, detail, quote, booking and the calendar all apply it.
 */
export function bookableSql(alias: string): string {
  return `${alias}.status = 'published' AND NOT EXISTS (SELECT 1 FROM users hu WHERE hu.id = ${alias}.host_id AND (hu.suspended_at IS NOT NULL OR hu.deleted_at IS NOT NULL))`;
}

/** The host may take bookings: not suspended, not deleted. */
async function hostIsActive(manager: EntityManager, hostId: string): Promise<boolean> {
  const rows = (await manager.query(
    'SELECT 1 FROM users WHERE id = $1 AND suspended_at IS NULL AND deleted_at IS NULL',
    [hostId],
  )) as unknown[];
  return rows.length === 1;
}

/** The bookable rule for one listing: 404 when it is not (its owner and admins see it elsewhere). */
export async function assertBookable(
  manager: EntityManager,
  listing: Pick<Listing, 'id' | 'hostId'> & { status: string },
): Promise<void> {
  if (listing.status !== 'published' || !(await hostIsActive(manager, listing.hostId)))
    throw new NotFoundError('Listing', listing.id);
}

/**
 * What the public sees follows the bookable rule; the owner and admins see
 * their listing in any state (404 to others).
 */
export async function assertCanSee(
  manager: EntityManager,
  listing: Pick<Listing, 'id' | 'hostId'> & { status: string },
  actor?: ListingActor,
): Promise<void> {
  if (!isOwnerOrAdmin(listing, actor)) await assertBookable(manager, listing);
}

/** Who is acting: enough of the signed-in user for ownership rules. */
export interface ListingActor {
  id: string;
  role: string;
}

export const isOwnerOrAdmin = (listing: Pick<Listing, 'hostId'>, actor?: ListingActor): boolean =>
  !!actor && (actor.role === 'admin' || actor.id === listing.hostId);

/** Only the owner (or an admin) changes a listing. */
export function assertCanManage(listing: Pick<Listing, 'hostId'>, actor: ListingActor): void {
  if (!isOwnerOrAdmin(listing, actor))
    throw new DomainError(
      ErrorCode.NOT_LISTING_OWNER,
      'Only the host of this listing can change it',
    );
}
