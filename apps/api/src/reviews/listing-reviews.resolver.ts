import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ListingView } from '@app/listings';
import { ConnectionArgs } from '../listings/listings.args';
import { ReviewConnectionType } from './review-connection.types';
import { ReviewLoaders } from './review-loaders';

/** `Listing.reviews`: the published guest reviews, batched per request by a DataLoader. */
@Resolver(() => ListingView)
export class ListingReviewsResolver {
  constructor(private readonly loaders: ReviewLoaders) {}

  @ResolveField('reviews', () => ReviewConnectionType, {
    description: 'Published guest reviews, newest first',
  })
  async reviews(
    @Parent() listing: ListingView,
    @Args() args: ConnectionArgs,
    @Context() context: object,
  ): Promise<ReviewConnectionType> {
    const page = await this.loaders
      .listingReviews(context, { limit: args.first, cursor: args.after })
      .load(listing.id);
    return ReviewConnectionType.of(page);
  }
}
