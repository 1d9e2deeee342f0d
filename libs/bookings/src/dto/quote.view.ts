import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyView } from '@app/listings';
import type { PriceQuote } from '../booking-pricing';

@ObjectType('PriceLine')
export class PriceLineView {
  @ApiProperty({
    enum: [
      'nights',
      'weekly_discount',
      'monthly_discount',
      'cleaning_fee',
      'guest_service_fee',
      'taxes',
    ],
    example: 'nights',
  })
  @Field()
  kind: string;

  @ApiProperty({ type: MoneyView, description: 'Signed: a discount is negative' })
  @Field(() => MoneyView)
  amount: MoneyView;

  @ApiPropertyOptional({ description: 'Nights line: how many nights', example: 3 })
  @Field(() => Int, { nullable: true })
  quantity?: number;

  @ApiPropertyOptional({ type: MoneyView, description: 'Nights line: the nightly price' })
  @Field(() => MoneyView, { nullable: true })
  unitAmount?: MoneyView;

  @ApiPropertyOptional({ description: 'Discount, fee and tax lines: the % applied', example: 14 })
  @Field(() => Float, { nullable: true })
  percent?: number;
}

/** The server's price of a stay: lines that add up to the total, and the host's payout. */
@ObjectType('Quote')
export class QuoteView {
  @ApiProperty({ example: 'EUR' }) @Field() currency: string;
  @ApiProperty({ example: 2, description: 'Minor-unit digits (JPY 0)' })
  @Field(() => Int)
  currencyExponent: number;
  @ApiProperty({ example: '2030-06-01' }) @Field() checkIn: string;
  @ApiProperty({ example: '2030-06-04' }) @Field() checkOut: string;
  @ApiProperty({ example: 3 }) @Field(() => Int) nights: number;
  @ApiProperty({ example: 2 }) @Field(() => Int) guests: number;
  @ApiProperty({ type: [PriceLineView] }) @Field(() => [PriceLineView]) lines: PriceLineView[];
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) subtotal: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) total: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'What the host is paid' })
  @Field(() => MoneyView)
  hostPayout: MoneyView;
  @ApiProperty({ description: 'No block or booking holds these nights now', example: true })
  @Field()
  available: boolean;

  static of(quote: PriceQuote, available: boolean): QuoteView {
    return {
      currency: quote.currency,
      currencyExponent: quote.currencyExponent,
      checkIn: quote.checkIn,
      checkOut: quote.checkOut,
      nights: quote.nights,
      guests: quote.guests,
      lines: quote.lines.map((line) => ({ ...line })),
      subtotal: { ...quote.subtotal },
      total: { ...quote.total },
      hostPayout: { ...quote.hostPayout },
      available,
    };
  }
}
