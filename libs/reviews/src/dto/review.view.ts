import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_AUTHOR_ROLES, type ReviewAuthorRole } from '../review-catalogue';

@ObjectType('ReviewAuthor')
export class ReviewAuthorView {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty({ example: 'Ada' }) @Field() firstName: string;
  @ApiProperty({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null;
}

@ObjectType('ReviewSubRatings')
export class ReviewSubRatingsView {
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) cleanliness: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) accuracy: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) communication: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) location: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) checkIn: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) value: number;
}

@ObjectType('ReviewResponse')
export class ReviewResponseView {
  @ApiProperty() @Field() text: string;
  @ApiProperty({ format: 'date-time' }) @Field({ description: 'ISO-8601 UTC' }) respondedAt: string;
}

export const REVIEW_STATUSES = ['pending', 'published'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A review as its reader may see it (REST body and GraphQL `Review`). */
@ObjectType('Review')
export class ReviewView {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) bookingId: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) listingId: string;
  @ApiProperty({
    enum: REVIEW_AUTHOR_ROLES,
    description: 'guest: a review of the stay; host: a review of the guest',
  })
  @Field(() => String)
  authorRole: ReviewAuthorRole;
  @ApiProperty({ type: ReviewAuthorView }) @Field(() => ReviewAuthorView) author: ReviewAuthorView;
  @ApiProperty({ format: 'uuid', description: 'The person reviewed: the host or the guest' })
  @Field(() => ID)
  subjectId: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Field(() => Int) overall: number;
  @ApiProperty({ type: ReviewSubRatingsView, nullable: true, description: 'Guest reviews only' })
  @Field(() => ReviewSubRatingsView, { nullable: true })
  subRatings: ReviewSubRatingsView | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Host reviews only, and only shown to their author',
  })
  @Field(() => Boolean, { nullable: true })
  wouldHostAgain: boolean | null;
  @ApiProperty() @Field() text: string;
  @ApiProperty({
    enum: REVIEW_STATUSES,
    description:
      'pending: only its author sees it, until both sides have reviewed or the window closes',
  })
  @Field(() => String)
  status: ReviewStatus;
  @ApiProperty({ format: 'date-time' }) @Field({ description: 'ISO-8601 UTC' }) submittedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC' })
  publishedAt: string | null;
  @ApiProperty({ type: ReviewResponseView, nullable: true })
  @Field(() => ReviewResponseView, { nullable: true })
  response: ReviewResponseView | null;
}

/** What an admin sees after hiding a review. */
@ObjectType('ModeratedReview')
export class ModeratedReviewView extends ReviewView {
  @ApiProperty({ format: 'date-time' }) @Field({ description: 'ISO-8601 UTC' }) hiddenAt: string;
  @ApiProperty() @Field() hiddenReason: string;
}

/** One page of reviews: `{ data, nextCursor }`. */
export class ReviewPageView {
  @ApiProperty({ type: [ReviewView] }) data: ReviewView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page' })
  nextCursor: string | null;
}
