import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListingsModule } from '@app/listings';
import { NotificationsModule } from '@app/notifications';
import { UsersModule } from '@app/users';
import { RatingAggregates } from './rating-aggregates';
import { Review } from './review.entity';
import { ReviewWindows } from './review-windows.service';
import { ReviewsService } from './reviews.service';

/** Double-blind two-sided reviews, their windows and the rating aggregates. */
@Module({
  imports: [TypeOrmModule.forFeature([Review]), ListingsModule, NotificationsModule, UsersModule],
  providers: [ReviewsService, ReviewWindows, RatingAggregates],
  exports: [ReviewsService, ReviewWindows, RatingAggregates],
})
export class ReviewsModule {}
