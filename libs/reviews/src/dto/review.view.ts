import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_AUTHOR_ROLES, type ReviewAuthorRole } from '../review-catalogue';

@ObjectType('ReviewAuthor')
export class ReviewAuthorView {
  @ApiProperty({ format: 'uuid', example: '3b241101-e2bb-4255-8caf-4136c566a962' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ example: 'Ada' }) @Field() firstName: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://picsum.photos/seed/ada/400/400' })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null;
}

@ObjectType('ReviewSubRatings')
export class ReviewSubRatingsView {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @Field(() => Int) cleanliness: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @Field(() => Int) accuracy: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @Field(() => Int) communication: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) @Field(() => Int) location: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @Field(() => Int) checkIn: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) @Field(() => Int) value: number;
}

@ObjectType('ReviewResponse')
export class ReviewResponseView {
  @ApiProperty({ example: 'Thank you, come back soon!' }) @Field() text: string;
  @ApiProperty({ format: 'date-time', example: '2030-06-09T07:45:00.000Z' })
  @Field({ description: 'ISO-8601 UTC' })
  respondedAt: string;
}

export const REVIEW_STATUSES = ['pending', 'published'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A review as its reader may see it (REST body and GraphQL `Review`). */
@ObjectType('Review')
export class ReviewView {
  @ApiProperty({ format: 'uuid', example: '9b2e4f6a-1c3d-4e5f-8a7b-0c1d2e3f4a5b' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ format: 'uuid', example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' })
  @Field(() => ID)
  bookingId: string;
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  listingId: string;
  @ApiProperty({
    enum: REVIEW_AUTHOR_ROLES,
    description: 'guest: a review of the stay; host: a review of the guest',
    example: 'guest',
  })
  @Field(() => String)
  authorRole: ReviewAuthorRole;
  @ApiProperty({ type: ReviewAuthorView }) @Field(() => ReviewAuthorView) author: ReviewAuthorView;
  @ApiProperty({
    format: 'uuid',
    description: 'The person reviewed: the host or the guest',
    example: '9f1c2b7e-4d3a-4e8b-b1a6-5c2d7e8f9a01',
  })
  @Field(() => ID)
  subjectId: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @Field(() => Int) overall: number;
  @ApiProperty({ type: ReviewSubRatingsView, nullable: true, description: 'Guest reviews only' })
  @Field(() => ReviewSubRatingsView, { nullable: true })
  subRatings: ReviewSubRatingsView | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Host reviews only, and only shown to their author',
    example: true,
  })
  @Field(() => Boolean, { nullable: true })
  wouldHostAgain: boolean | null;
  @ApiProperty({ example: 'Spotless flat, lovely host.' }) @Field() text: string;
  @ApiProperty({
    enum: REVIEW_STATUSES,
    description:
      'pending: only its author sees it, until both sides have reviewed or the window closes',
    example: 'published',
  })
  @Field(() => String)
  status: ReviewStatus;
  @ApiProperty({ format: 'date-time', example: '2030-06-06T18:20:00.000Z' })
  @Field({ description: 'ISO-8601 UTC' })
  submittedAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-06-08T10:15:00.000Z',
  })
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC' })
  publishedAt: string | null;
  @ApiProperty({ type: ReviewResponseView, nullable: true })
  @Field(() => ReviewResponseView, { nullable: true })
  response: ReviewResponseView | null;
}

/** What an admin sees after hiding a review. */
@ObjectType('ModeratedReview')
export class ModeratedReviewView extends ReviewView {
  @ApiProperty({ format: 'date-time', example: '2030-06-10T12:00:00.000Z' })
  @Field({ description: 'ISO-8601 UTC' })
  hiddenAt: string;
  @ApiProperty({ example: 'Contains personal contact details' }) @Field() hiddenReason: string;
}

/** One page of reviews: `{ data, nextCursor }`. */
export class ReviewPageView {
  @ApiProperty({ type: [ReviewView] }) data: ReviewView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page',
    example:
      'eyJhdCI6IjIwMzAtMDYtMDhUMTA6MTU6MDAuMDAwWiIsImlkIjoiOWIyZTRmNmEtMWMzZC00ZTVmLThhN2ItMGMxZDJlM2Y0YTViIn0.famdoldebkBTYcZn',
  })
  nextCursor: string | null;
}
