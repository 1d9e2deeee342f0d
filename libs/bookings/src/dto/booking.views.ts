import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyView } from '@app/listings';
import type { Payment, RefundRecord } from '@app/payments';
import type { Booking } from '../booking.entity';
import { BOOKING_STATUSES } from '../booking-state-machine';
import { PriceLineView } from './quote.view';

@ObjectType('Refund')
export class RefundView {
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amount: MoneyView;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'canceled'] }) @Field() status: string;
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
  @ApiProperty() @Field() createdAt: Date;

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
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
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
  })
  @Field()
  status: string;
  @ApiProperty({ enum: ['automatic', 'manual'], description: 'manual: authorised, then captured' })
  @Field()
  captureMethod: string;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amount: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amountCaptured: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) amountRefunded: MoneyView;
  @ApiPropertyOptional({
    description:
      'What the guest pays with (Stripe client secret, or the local provider token); only to the guest, only while unpaid',
  })
  @Field(() => String, { nullable: true })
  clientSecret?: string | null;
  @ApiPropertyOptional({ description: "Stripe's publishable key (Stripe provider only)" })
  @Field(() => String, { nullable: true })
  publishableKey?: string | null;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) failureReason: string | null;
  @ApiProperty() @Field() createdAt: Date;
  @ApiProperty() @Field() updatedAt: Date;
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
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) id: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) listingId: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) guestId: string;
  @ApiProperty({ format: 'uuid' }) @Field(() => ID) hostId: string;
  @ApiProperty({ example: '2030-06-01' }) @Field() checkIn: string;
  @ApiProperty({ example: '2030-06-04' }) @Field() checkOut: string;
  @ApiProperty({ example: 3 }) @Field(() => Int) nights: number;
  @ApiProperty({ example: 2 }) @Field(() => Int) guests: number;
  @ApiProperty({ enum: ['instant', 'request'] }) @Field() mode: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) @Field() status: string;
  @ApiProperty({ type: MoneyView, description: 'What the guest pays' })
  @Field(() => MoneyView)
  total: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'What the host is paid' })
  @Field(() => MoneyView)
  hostPayout: MoneyView;
  @ApiProperty({ type: [PriceLineView], description: 'The price as quoted when booked' })
  @Field(() => [PriceLineView])
  priceLines: PriceLineView[];
  @ApiProperty({ enum: ['flexible', 'moderate', 'firm', 'strict'] })
  @Field()
  cancellationPolicy: string;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) message: string | null;
  @ApiPropertyOptional({
    description: 'pending_payment: pay before; awaiting_host: the host answers before',
  })
  @Field(() => Date, { nullable: true })
  deadlineAt: Date | null;
  @ApiPropertyOptional() @Field(() => Date, { nullable: true }) confirmedAt: Date | null;
  @ApiPropertyOptional() @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  @ApiPropertyOptional({ enum: ['guest', 'host', 'admin'] })
  @Field(() => String, { nullable: true })
  cancelledBy: string | null;
  @ApiPropertyOptional() @Field(() => String, { nullable: true }) cancellationReason: string | null;
  @ApiPropertyOptional() @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @ApiPropertyOptional({ type: PaymentView })
  @Field(() => PaymentView, { nullable: true })
  payment: PaymentView | null;
  @ApiPropertyOptional({ type: RefundView })
  @Field(() => RefundView, { nullable: true })
  refund: RefundView | null;
  @ApiProperty() @Field() createdAt: Date;
  @ApiProperty() @Field() updatedAt: Date;

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
  @ApiPropertyOptional({ type: String, nullable: true })
  @Field(() => String, { nullable: true })
  nextCursor: string | null;
}

/** One transition of a booking (admins read the history). */
@ObjectType('BookingEvent')
export class BookingEventView {
  @ApiProperty({ example: 'guest_cancelled' }) @Field() event: string;
  @ApiPropertyOptional({ enum: BOOKING_STATUSES, nullable: true })
  @Field(() => String, { nullable: true })
  fromStatus: string | null;
  @ApiProperty({ enum: BOOKING_STATUSES }) @Field() toStatus: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null: the system' })
  @Field(() => ID, { nullable: true })
  actorId: string | null;
  @ApiProperty({ description: 'Facts of the transition, as JSON', example: '{"refund":37050}' })
  @Field()
  details: string;
  @ApiProperty() @Field() at: Date;
}
