import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthUser } from '@app/auth';
import { PageQuery, type Page } from '@app/core';
import {
  CreateReviewInput,
  ReviewPageView,
  ReviewResponseInput,
  ReviewsService,
  ReviewView,
  UserReviewsQuery,
} from '@app/reviews';
import { ParseUuidPipe } from '../http/uuid-param';

/** Reviews of stays: writing them (guest and host), the host's reply, and the public lists. */
@ApiTags('reviews')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('bookings/:id/reviews')
  @Authenticated()
  @ApiOperation({
    summary: 'Review a completed stay (the guest reviews the stay, the host reviews the guest)',
    description:
      'Within 14 days of the stay being completed, once per side. The review stays pending (only its author sees it) until the other side has reviewed too or the window closes; then both are published together.',
  })
  @ApiCreatedResponse({ type: ReviewView })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: a rating outside 1-5 or not a whole number, text empty or over 5,000 characters, a guest without every sub-rating, a host without wouldHostAgain',
  })
  @ApiForbiddenResponse({
    description: 'NOT_STAY_PARTICIPANT: the caller is not the guest or the host',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such booking' })
  @ApiConflictResponse({
    description:
      'STAY_NOT_COMPLETED, STAY_CANCELLED, REVIEW_WINDOW_CLOSED (14 days after completion), ALREADY_REVIEWED',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) bookingId: string,
    @Body() input: CreateReviewInput,
  ): Promise<ReviewView> {
    return this.reviews.submit(user, bookingId, input);
  }

  @Get('bookings/:id/reviews')
  @Authenticated()
  @ApiOperation({
    summary:
      "The stay's reviews the caller may see: their own (even pending), the other side's once published",
  })
  @ApiOkResponse({ type: [ReviewView] })
  @ApiForbiddenResponse({ description: 'NOT_STAY_PARTICIPANT' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such booking' })
  forStay(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) bookingId: string,
  ): Promise<ReviewView[]> {
    return this.reviews.forStay(user, bookingId);
  }

  @Post('reviews/:id/response')
  @Authenticated()
  @ApiOperation({ summary: "The host's one public reply to a published guest review" })
  @ApiCreatedResponse({ type: ReviewView, description: 'The review with its response' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: text empty or over 5,000 characters' })
  @ApiForbiddenResponse({
    description: 'RESPONSE_NOT_ALLOWED: only the host of the stay, to a published guest review',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such review visible to the caller' })
  @ApiConflictResponse({ description: 'ALREADY_RESPONDED' })
  respond(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) reviewId: string,
    @Body() input: ReviewResponseInput,
  ): Promise<ReviewView> {
    return this.reviews.respond(user, reviewId, input);
  }

  @Get('listings/:id/reviews')
  @ApiOperation({ summary: "A listing's published guest reviews, newest first" })
  @ApiOkResponse({ type: ReviewPageView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (limit over 100), INVALID_CURSOR' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such listing' })
  forListing(
    @Param('id', new ParseUuidPipe()) listingId: string,
    @Query() query: PageQuery,
  ): Promise<Page<ReviewView>> {
    return this.reviews.forListing(listingId, query);
  }

  @Get('users/:id/reviews')
  @ApiOperation({
    summary:
      'Published reviews about a user (as a guest, from hosts; as a host, from guests), newest first',
  })
  @ApiOkResponse({ type: ReviewPageView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such user' })
  aboutUser(
    @Param('id', new ParseUuidPipe()) userId: string,
    @Query() query: UserReviewsQuery,
  ): Promise<Page<ReviewView>> {
    return this.reviews.aboutUser(userId, query);
  }
}
