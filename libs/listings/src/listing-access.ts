import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import type { Listing } from './listing.entity';

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

/** Published listings are public; other states only to their owner and admins (404 to others). */
export function assertCanView(
  listing: Pick<Listing, 'id' | 'hostId'> & { status: string },
  actor?: ListingActor,
): void {
  if (listing.status !== 'published' && !isOwnerOrAdmin(listing, actor))
    throw new NotFoundError('Listing', listing.id);
}
