import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyView } from '@app/listings';
import type { Payment, RefundRecord } from '@app/payments';
import type { Booking } from '../booking.entity';
import { BOOKING_STATUSES } from '../booking-state-machine';
import { PriceLineView } from './quote.view';

@ObjectType('Refund')
export class RefundView {
  @ApiProperty({ format: 'uuid', example: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amount: MoneyView;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'canceled'], example: 'succeeded' })
  @Field()
  status: string;
  @ApiProperty({
    description: 'The rule applied',
    example: 'full_refund',
    enum: [
      'host_cancellation',
      'full_refund',
      'unused_nights_minus_one',
      'half_of_unused_nights',
      'no_nights_refunded',
      'admin_full_refund',
      'paid_after_expiry',
    ],
  })
  @Field()
  reason: string;
  @ApiProperty({ example: '2030-05-25T09:12:40.000Z' }) @Field() createdAt: Date;

  static of(refund: RefundRecord): RefundView {
    return {
      id: refund.id,
      amount: MoneyView.of(refund.amount, refund.currency),
      status: refund.status,
      reason: refund.reason,
      createdAt: refund.createdAt,
    };
  }
}

@ObjectType('Payment')
export class PaymentView {
  @ApiProperty({ format: 'uuid', example: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ example: 'local', enum: ['local', 'stripe'] }) @Field() provider: string;
  @ApiProperty({
    enum: [
      'requires_payment',
      'authorized',
      'succeeded',
      'canceled',
      'failed',
      'partially_refunded',
      'refunded',
    ],
    example: 'succeeded',
  })
  @Field()
  status: string;
  @ApiProperty({
    enum: ['automatic', 'manual'],
    description: 'manual: authorised, then captured',
    example: 'automatic',
  })
  @Field()
  captureMethod: string;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amount: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amountCaptured: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amountRefunded: MoneyView;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'What the guest pays with (Stripe client secret, or the local provider token); only to the guest, only while unpaid',
    example:
      'local_pi_1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed_secret_Qm8vT3xK1rZ6wY9cN2bH5jL7fD0sA4gE',
  })
  @Field(() => String, { nullable: true })
  clientSecret?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "Stripe's publishable key (Stripe provider only)",
    example: 'pk_test_51Nv0FGQ9RKHgCVdK3mXb7Yt2Qa',
  })
  @Field(() => String, { nullable: true })
  publishableKey?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'The card was declined' })
  @Field(() => String, { nullable: true })
  failureReason: string | null;
  @ApiProperty({ example: '2030-05-20T14:32:05.000Z' }) @Field() createdAt: Date;
  @ApiProperty({ example: '2030-05-20T14:33:10.000Z' }) @Field() updatedAt: Date;
  @ApiPropertyOptional({ type: () => [RefundView], description: 'On the payments route' })
  @Field(() => [RefundView], { nullable: true })
  refunds?: RefundView[];

  static of(payment: Payment, secret?: { clientSecret: string | null; publishableKey?: string }) {
    const view: PaymentView = {
      id: payment.id,
      provider: payment.provider,
      status: payment.status,
      captureMethod: payment.captureMethod,
      amount: MoneyView.of(payment.amount, payment.currency),
      amountCaptured: MoneyView.of(payment.amountCaptured, payment.currency),
      amountRefunded: MoneyView.of(payment.amountRefunded, payment.currency),
      failureReason: payment.failureReason,
      createdAt: payment.createdAt,
      updatedAt: payment.updatedAt,
    };
    if (secret) {
      view.clientSecret = secret.clientSecret;
      view.publishableKey = secret.publishableKey ?? null;
    }
    return view;
  }
}

@ObjectType('Booking')
export class BookingView {
  @ApiProperty({ format: 'uuid', example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  listingId: string;
  @ApiProperty({ format: 'uuid', example: '3b241101-e2bb-4255-8caf-4136c566a962' })
  @Field(() => ID)
  guestId: string;
  @ApiProperty({ format: 'uuid', example: '9f1c2b7e-4d3a-4e8b-b1a6-5c2d7e8f9a01' })
  @Field(() => ID)
  hostId: string;
  @ApiProperty({ example: '2030-06-01' }) @Field() checkIn: string;
  @ApiProperty({ example: '2030-06-04' }) @Field() checkOut: string;
  @ApiProperty({ example: 3 }) @Field(() => Int) nights: number;
  @ApiProperty({ example: 2 }) @Field(() => Int) guests: number;
  @ApiProperty({ enum: ['instant', 'request'], example: 'instant' }) @Field() mode: string;
  @ApiProperty({ enum: BOOKING_STATUSES, example: 'confirmed' }) @Field() status: string;
  @ApiProperty({ type: MoneyView, description: 'What the guest pays' })
  @Field(() => MoneyView)
  total: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'What the host is paid' })
  @Field(() => MoneyView)
  hostPayout: MoneyView;
  @ApiProperty({ type: [PriceLineView], description: 'The price as quoted when booked' })
  @Field(() => [PriceLineView])
  priceLines: PriceLineView[];
  @ApiProperty({ enum: ['flexible', 'moderate', 'firm', 'strict'], example: 'moderate' })
  @Field()
  cancellationPolicy: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Arriving by train around 6pm.' })
  @Field(() => String, { nullable: true })
  message: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'pending_payment: pay before; awaiting_host: the host answers before',
    example: '2030-05-20T14:47:05.000Z',
  })
  @Field(() => Date, { nullable: true })
  deadlineAt: Date | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2030-05-20T14:33:10.000Z',
  })
  @Field(() => Date, { nullable: true })
  confirmedAt: Date | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2030-05-25T09:12:38.000Z',
  })
  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;
  @ApiPropertyOptional({ enum: ['guest', 'host', 'admin'], nullable: true, example: 'guest' })
  @Field(() => String, { nullable: true })
  cancelledBy: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Plans changed' })
  @Field(() => String, { nullable: true })
  cancellationReason: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2030-06-05T10:00:00.000Z',
  })
  @Field(() => Date, { nullable: true })
  completedAt: Date | null;
  @ApiPropertyOptional({ type: PaymentView, nullable: true })
  @Field(() => PaymentView, { nullable: true })
  payment: PaymentView | null;
  @ApiPropertyOptional({ type: RefundView, nullable: true })
  @Field(() => RefundView, { nullable: true })
  refund: RefundView | null;
  @ApiProperty({ example: '2030-05-20T14:32:05.000Z' }) @Field() createdAt: Date;
  @ApiProperty({ example: '2030-05-20T14:33:10.000Z' }) @Field() updatedAt: Date;

  static of(booking: Booking, payment: PaymentView | null, refund: RefundRecord | null) {
    const view: BookingView = {
      id: booking.id,
      listingId: booking.listingId,
      guestId: booking.guestId,
      hostId: booking.hostId,
      checkIn: booking.checkIn,
      checkOut: booking.checkOut,
      nights: booking.price.nights,
      guests: booking.guests,
      mode: booking.mode,
      status: booking.status,
      total: MoneyView.of(booking.total, booking.currency),
      hostPayout: MoneyView.of(booking.hostPayout, booking.currency),
      priceLines: booking.price.lines.map((line) => ({ ...line })),
      cancellationPolicy: booking.cancellationPolicy,
      message: booking.message,
      deadlineAt: booking.deadlineAt,
      confirmedAt: booking.confirmedAt,
      cancelledAt: booking.cancelledAt,
      cancelledBy: booking.cancelledBy,
      cancellationReason: booking.cancellationReason,
      completedAt: booking.completedAt,
      payment,
      refund: refund ? RefundView.of(refund) : null,
      createdAt: booking.createdAt,
      updatedAt: booking.updatedAt,
    };
    return view;
  }
}

@ObjectType('BookingPage')
export class BookingPageView {
  @ApiProperty({ type: [BookingView] }) @Field(() => [BookingView]) data: BookingView[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example:
      'eyJjIjoiMjAzMC0wNS0yMCAxNDozMjowNS4xMjMrMDAiLCJpZCI6ImY0N2FjMTBiLTU4Y2MtNDM3Mi1hNTY3LTBlMDJiMmMzZDQ3OSJ9.ur1Ij1UiiYZohji3',
  })
  @Field(() => String, { nullable: true })
  nextCursor: string | null;
}

/** One transition of a booking (admins read the history). */
@ObjectType('BookingEvent')
export class BookingEventView {
  @ApiProperty({ example: 'guest_cancelled' }) @Field() event: string;
  @ApiPropertyOptional({ enum: BOOKING_STATUSES, nullable: true, example: 'confirmed' })
  @Field(() => String, { nullable: true })
  fromStatus: string | null;
  @ApiProperty({ enum: BOOKING_STATUSES, example: 'cancelled_by_guest' })
  @Field()
  toStatus: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: the system',
    example: '3b241101-e2bb-4255-8caf-4136c566a962',
  })
  @Field(() => ID, { nullable: true })
  actorId: string | null;
  @ApiProperty({ description: 'Facts of the transition, as JSON', example: '{"refund":37050}' })
  @Field()
  details: string;
  @ApiProperty({ example: '2030-05-25T09:12:38.000Z' }) @Field() at: Date;
}
