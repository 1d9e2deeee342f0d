import { Injectable } from '@nestjs/common';
import { ListingsService, type ListingView } from '@app/listings';
import { AdminAudit } from './admin-audit.service';
import type { AdminActor } from './admin-users.service';

/** An admin takes any listing out of search (unlist) or for good (archive), with a reason. */
@Injectable()
export class AdminListingsService {
  constructor(
    private readonly listings: ListingsService,
    private readonly audit: AdminAudit,
  ) {}

  unlist(admin: AdminActor, listingId: string, reason: string): Promise<ListingView> {
    return this.moderate(admin, listingId, 'unpublish', reason);
  }

  archive(admin: AdminActor, listingId: string, reason: string): Promise<ListingView> {
    return this.moderate(admin, listingId, 'archive', reason);
  }

  private moderate(
    admin: AdminActor,
    listingId: string,
    action: 'unpublish' | 'archive',
    reason: string,
  ): Promise<ListingView> {
    return this.listings.moderate(
      { id: admin.id, role: 'admin' },
      listingId,
      action,
      (manager, before) =>
        this.audit.record(manager, {
          actorId: admin.id,
          action: action === 'archive' ? 'listing.archive' : 'listing.unlist',
          targetType: 'listing',
          targetId: listingId,
          reason,
          details: { previousStatus: before },
        }),
    );
  }
}
