import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { BookingsModule } from '@app/bookings';
import { ListingsModule } from '@app/listings';
import { ReviewsModule } from '@app/reviews';
import { AdminBookingsService } from './admin-bookings.service';
import { AdminAuditEntry } from './admin-audit-entry.entity';
import { AdminAudit } from './admin-audit.service';
import { AdminListingsService } from './admin-listings.service';
import { AdminReviewsService } from './admin-reviews.service';
import { AdminUsersService } from './admin-users.service';

/** What only admins do, each action written to the audit log in its own transaction. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AdminAuditEntry]),
    AuthModule,
    ListingsModule,
    BookingsModule,
    ReviewsModule,
  ],
  providers: [
    AdminAudit,
    AdminUsersService,
    AdminListingsService,
    AdminBookingsService,
    AdminReviewsService,
  ],
  exports: [
    AdminAudit,
    AdminUsersService,
    AdminListingsService,
    AdminBookingsService,
    AdminReviewsService,
  ],
})
export class AdminModule {}
