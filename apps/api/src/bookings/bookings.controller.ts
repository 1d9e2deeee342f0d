import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, VerifiedEmailRequired, type AuthUser } from '@app/auth';
import {
  BookingListQuery,
  BookingPageView,
  BookingsService,
  BookingView,
  CancelBookingInput,
  CreateBookingInput,
  IdempotentRequests,
  PaymentView,
} from '@app/bookings';
import { ParseUuidPipe } from '../http/uuid-param';
import { RequestHeader } from '../openapi/request-header';

const IdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any unique string (a UUID): a retry with the same key and body gets the first answer; another body with it is 422 IDEMPOTENCY_KEY_REUSED',
  });

@ApiTags('bookings')
@Controller('bookings')
@Authenticated()
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly idempotent: IdempotentRequests,
  ) {}

  @Post()
  @VerifiedEmailRequired()
  @IdempotencyKey()
  @ApiOperation({
    summary: 'Book a stay',
    description:
      "Holds the nights and creates the payment: instant-book listings are confirmed once paid, others wait for the host after the card is authorised. Unpaid bookings expire after 15 minutes. The answer carries payment.clientSecret (and Stripe's publishableKey).",
  })
  @ApiCreatedResponse({ type: BookingView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_DATE_RANGE' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such published listing' })
  @ApiConflictResponse({ description: 'DATES_UNAVAILABLE: a night is blocked or booked' })
  @ApiUnprocessableEntityResponse({
    description:
      'CHECK_IN_IN_PAST, STAY_TOO_SHORT, STAY_TOO_LONG, TOO_MANY_GUESTS, OWN_LISTING, IDEMPOTENCY_KEY_REUSED',
  })
  @ApiServiceUnavailableResponse({
    description: 'SERVICE_UNAVAILABLE: the payment provider failed',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() input: CreateBookingInput,
    @RequestHeader('idempotency-key') key?: string,
  ): Promise<BookingView> {
    return this.idempotent.run(user.id, 'POST /bookings', key, input, () =>
      this.bookings.create(user, input),
    );
  }

  @Get()
  @ApiOperation({ summary: 'My bookings as a guest (default) or as a host, newest first' })
  @ApiOkResponse({ type: BookingPageView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_CURSOR' })
  list(@CurrentUser() user: AuthUser, @Query() query: BookingListQuery) {
    return this.bookings.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A booking (its guest, its host or an admin)' })
  @ApiOkResponse({ type: BookingView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUuidPipe()) id: string) {
    return this.bookings.get(user, id);
  }

  @Get(':id/payments')
  @ApiOperation({ summary: "The booking's payment and its refunds" })
  @ApiOkResponse({ type: [PaymentView] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  payments(@CurrentUser() user: AuthUser, @Param('id', new ParseUuidPipe()) id: string) {
    return this.bookings.payments(user, id);
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @IdempotencyKey()
  @ApiOperation({ summary: 'The host accepts a request (the payment is captured)' })
  @ApiOkResponse({ type: BookingView })
  @ApiForbiddenResponse({
    description: 'NOT_BOOKING_HOST: the guest cannot answer their own request',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_STATE: not awaiting the host' })
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @RequestHeader('idempotency-key') key?: string,
  ) {
    return this.idempotent.run(user.id, `POST /bookings/${id}/accept`, key, {}, () =>
      this.bookings.accept(user, id),
    );
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @IdempotencyKey()
  @ApiOperation({ summary: 'The host declines a request (the authorisation is released)' })
  @ApiOkResponse({ type: BookingView })
  @ApiForbiddenResponse({ description: 'NOT_BOOKING_HOST' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_STATE' })
  decline(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @RequestHeader('idempotency-key') key?: string,
  ) {
    return this.idempotent.run(user.id, `POST /bookings/${id}/decline`, key, {}, () =>
      this.bookings.decline(user, id),
    );
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @IdempotencyKey()
  @ApiOperation({
    summary: 'Cancel a confirmed booking',
    description:
      "The guest is refunded by the listing's cancellation policy as it was when booked; a host cancellation refunds everything.",
  })
  @ApiOkResponse({ type: BookingView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_CANCELLED, INVALID_STATE' })
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUuidPipe()) id: string,
    @Body() input: CancelBookingInput,
    @RequestHeader('idempotency-key') key?: string,
  ) {
    return this.idempotent.run(user.id, `POST /bookings/${id}/cancel`, key, input, () =>
      this.bookings.cancel(user, id, input),
    );
  }
}
