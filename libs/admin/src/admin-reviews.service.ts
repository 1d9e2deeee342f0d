import { Injectable } from '@nestjs/common';
import { ReviewsService, type ModeratedReviewView } from '@app/reviews';
import { AdminAudit } from './admin-audit.service';
import type { AdminActor } from './admin-users.service';

/** An admin hides a review, with a reason kept in the review and in the audit log. */
@Injectable()
export class AdminReviewsService {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly audit: AdminAudit,
  ) {}

  hide(admin: AdminActor, reviewId: string, reason: string): Promise<ModeratedReviewView> {
    return this.reviews.hide({ id: admin.id, role: 'admin' }, reviewId, reason, (manager, review) =>
      this.audit.record(manager, {
        actorId: admin.id,
        action: 'review.hide',
        targetType: 'review',
        targetId: reviewId,
        reason,
        details: {
          bookingId: review.booking_id,
          listingId: review.listing_id,
          authorRole: review.author_role,
          wasPublished: review.published_at !== null,
        },
      }),
    );
  }
}
