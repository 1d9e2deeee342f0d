import { Module } from '@nestjs/common';
import { AdminModule } from '@app/admin';
import { AuthModule } from '@app/auth';
import { ReviewsModule } from '@app/reviews';
import { AdminReviewsController } from './admin-reviews.controller';
import { ListingReviewsResolver } from './listing-reviews.resolver';
import { ReviewLoaders } from './review-loaders';
import { ReviewsController } from './reviews.controller';
import { ReviewsResolver } from './reviews.resolver';

/** HTTP and GraphQL faces of reviews. */
@Module({
  imports: [ReviewsModule, AuthModule, AdminModule],
  controllers: [ReviewsController, AdminReviewsController],
  providers: [ReviewsResolver, ListingReviewsResolver, ReviewLoaders],
})
export class ReviewsApiModule {}
