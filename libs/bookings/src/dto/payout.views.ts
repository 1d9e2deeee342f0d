import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MoneyView } from '@app/listings';
import { PAYOUT_STATUSES, type Payout, type PayoutAccount } from '@app/payments';

@ObjectType('Payout')
export class PayoutView {
  @ApiProperty({ format: 'uuid', example: 'c56a4180-65aa-42ec-a945-5fd21dec0538' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ format: 'uuid', example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' })
  @Field(() => ID)
  bookingId: string;
  @ApiProperty({
    enum: PAYOUT_STATUSES,
    description:
      'scheduled: not due yet; due: owed, waiting for a payout account; paid: transferred; reversed: taken back after a refund; canceled: nothing left to pay',
    example: 'paid',
  })
  @Field()
  status: string;
  @ApiProperty({ type: MoneyView, description: "The booking's host payout when it was confirmed" })
  @Field(() => MoneyView)
  grossAmount: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'What the host is owed now (less after a refund)' })
  @Field(() => MoneyView)
  amount: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) transferred: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) reversed: MoneyView;
  @ApiProperty({
    description: '24 h after check-in, in the listing time zone',
    example: '2030-06-01T22:00:00.000Z',
  })
  @Field()
  dueAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'acct_1Nv0FGQ9RKHgCVdK' })
  @Field(() => String, { nullable: true })
  destinationAccount: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The provider's transfer id",
    example: 'tr_1Nv3bK2eZvKYlo2C',
  })
  @Field(() => String, { nullable: true })
  transferRef: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2030-06-01T22:05:12.000Z',
  })
  @Field(() => Date, { nullable: true })
  paidAt: Date | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2030-06-03T08:40:00.000Z',
  })
  @Field(() => Date, { nullable: true })
  reversedAt: Date | null;
  @ApiProperty({ example: '2030-05-20T14:33:10.000Z' }) @Field() createdAt: Date;

  static of(payout: Payout): PayoutView {
    const m = (amount: number) => MoneyView.of(amount, payout.currency);
    return {
      id: payout.id,
      bookingId: payout.bookingId,
      status: payout.status,
      grossAmount: m(payout.grossAmount),
      amount: m(payout.amount),
      transferred: m(payout.transferredAmount),
      reversed: m(payout.reversedAmount),
      dueAt: payout.dueAt,
      destinationAccount: payout.destinationAccount,
      transferRef: payout.transferRef,
      paidAt: payout.paidAt,
      reversedAt: payout.reversedAt,
      createdAt: payout.createdAt,
    };
  }
}

@ObjectType('PayoutPage')
export class PayoutPageView {
  @ApiProperty({ type: [PayoutView] }) @Field(() => [PayoutView]) data: PayoutView[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example:
      'eyJjIjoiMjAzMC0wNi0wMiAwMDowMDowMCswMCIsImlkIjoiYzU2YTQxODAtNjVhYS00MmVjLWE5NDUtNWZkMjFkZWMwNTM4In0.uCiBt-Gldq1k5qMh',
  })
  @Field(() => String, { nullable: true })
  nextCursor: string | null;
}

@ObjectType('PayoutAccount')
export class PayoutAccountView {
  @ApiProperty({ example: 'acct_1Nv0FGQ9RKHgCVdK' }) @Field() stripeAccountId: string;
  @ApiProperty({ example: '2030-05-18T12:00:00.000Z' }) @Field() updatedAt: Date;

  static of(account: PayoutAccount): PayoutAccountView {
    return { stripeAccountId: account.stripeAccountId, updatedAt: account.updatedAt };
  }
}

/** `PUT /users/me/payout-account`: the host's Stripe Connect account. */
@InputType()
export class SetPayoutAccountInput {
  @ApiProperty({ example: 'acct_1Nv0FGQ9RKHgCVdK', description: 'A Stripe Connect account id' })
  @Field()
  @Matches(/^acct_[A-Za-z0-9]{1,64}$/, { message: 'stripeAccountId must look like acct_...' })
  stripeAccountId: string;
}
