import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AdminReasonInput, AdminReviewsService } from '@app/admin';
import { CurrentUser, JwtAuthGuard, Roles, RolesGuard, type AuthUser } from '@app/auth';
import {
  CreateReviewInput,
  ModeratedReviewView,
  ReviewResponseInput,
  ReviewsService,
  ReviewView,
} from '@app/reviews';
import { ReviewConnectionType, UserReviewsArgs } from './review-connection.types';
import { ParseUuidPipe } from '../http/uuid-param';

const Uuid = () => new ParseUuidPipe();

/** GraphQL twin of the reviews REST routes: the same services, the same errors. */
@Resolver(() => ReviewView)
export class ReviewsResolver {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly moderation: AdminReviewsService,
  ) {}

  @Mutation(() => ReviewView, { description: 'Review a completed stay (guest or host)' })
  @UseGuards(JwtAuthGuard, RolesGuard)
  createReview(
    @CurrentUser() user: AuthUser,
    @Args('bookingId', { type: () => ID }, Uuid()) bookingId: string,
    @Args('input') input: CreateReviewInput,
  ): Promise<ReviewView> {
    return this.reviews.submit(user, bookingId, input);
  }

  @Mutation(() => ReviewView, { description: "The host's one reply to a published guest review" })
  @UseGuards(JwtAuthGuard, RolesGuard)
  respondToReview(
    @CurrentUser() user: AuthUser,
    @Args('reviewId', { type: () => ID }, Uuid()) reviewId: string,
    @Args('input') input: ReviewResponseInput,
  ): Promise<ReviewView> {
    return this.reviews.respond(user, reviewId, input);
  }

  @Mutation(() => ModeratedReviewView, { description: 'Admins: hide a review for good' })
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles('admin')
  hideReview(
    @CurrentUser() admin: AuthUser,
    @Args('id', { type: () => ID }, Uuid()) id: string,
    @Args('input') input: AdminReasonInput,
  ): Promise<ModeratedReviewView> {
    return this.moderation.hide(admin, id, input.reason);
  }

  @Query(() => [ReviewView], {
    description:
      "A stay's reviews the caller may see: their own, and the other side's once published",
  })
  @UseGuards(JwtAuthGuard, RolesGuard)
  stayReviews(
    @CurrentUser() user: AuthUser,
    @Args('bookingId', { type: () => ID }, Uuid()) bookingId: string,
  ): Promise<ReviewView[]> {
    return this.reviews.forStay(user, bookingId);
  }

  @Query(() => ReviewConnectionType, {
    description: 'Published reviews about a user, newest first',
  })
  async userReviews(@Args() args: UserReviewsArgs): Promise<ReviewConnectionType> {
    return ReviewConnectionType.of(
      await this.reviews.aboutUser(args.userId, {
        as: args.as,
        limit: args.first,
        cursor: args.after,
      }),
    );
  }
}
