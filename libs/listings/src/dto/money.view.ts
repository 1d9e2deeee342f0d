import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { money, type Money } from '@app/core';

/** `{ amount, currency }`: integer minor units of an ISO 4217 currency. */
@ObjectType('Money')
export class MoneyView implements Money {
  @ApiProperty({ description: 'Integer minor units (cents, yen)', example: 12000 })
  @Field(() => Int)
  amount: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Field()
  currency: string;

  static of(amount: number, currency: string): MoneyView {
    return { ...money(amount, currency) };
  }
}
