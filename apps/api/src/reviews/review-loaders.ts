import { Injectable } from '@nestjs/common';
import type { Page } from '@app/core';
import { ReviewsService, type ReviewView } from '@app/reviews';
import DataLoader from 'dataloader';

type ReviewPageLoader = DataLoader<string, Page<ReviewView>>;

/**
 * Per-request DataLoaders of `Listing.reviews`, kept on the GraphQL context
 * (one per operation) and per page arguments, so a page of listings loads
 * all their reviews in one query.
 */
@Injectable()
export class ReviewLoaders {
  private readonly byContext = new WeakMap<object, Map<string, ReviewPageLoader>>();

  constructor(private readonly reviews: ReviewsService) {}

  listingReviews(context: object, page: { limit?: number; cursor?: string }): ReviewPageLoader {
    let loaders = this.byContext.get(context);
    if (!loaders) {
      loaders = new Map();
      this.byContext.set(context, loaders);
    }
    const key = JSON.stringify([page.limit ?? null, page.cursor ?? null]);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const pages = await this.reviews.forListings(ids, page);
        return ids.map((id) => pages.get(id)!);
      });
      loaders.set(key, loader);
    }
    return loader;
  }
}
