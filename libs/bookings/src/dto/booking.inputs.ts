import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsStayDate } from '@app/listings';
import { MultilineText, PageQuery } from '@app/core';

/** `?checkIn=&checkOut=&guests=` of a quote. */
@ArgsType()
export class QuoteQuery {
  @ApiProperty({ example: '2030-06-01' }) @Field() @IsStayDate() checkIn: string;
  @ApiProperty({ example: '2030-06-04' }) @Field() @IsStayDate() checkOut: string;
  @ApiProperty({ example: 2, minimum: 1, maximum: 50 })
  @Field(() => Int)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  guests: number;
}

@InputType()
export class CreateBookingInput {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  @IsUUID()
  listingId: string;
  @ApiProperty({ example: '2030-06-01' }) @Field() @IsStayDate() checkIn: string;
  @ApiProperty({ example: '2030-06-04' }) @Field() @IsStayDate() checkOut: string;
  @ApiProperty({ example: 2, minimum: 1, maximum: 50 })
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(50)
  guests: number;
  @ApiPropertyOptional({ maxLength: 2000, example: 'Arriving by train around 6pm.' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  message?: string;
}

@InputType()
export class CancelBookingInput {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Plans changed' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  reason?: string;
}

export const BOOKING_ROLES = ['guest', 'host'] as const;
export type BookingRole = (typeof BOOKING_ROLES)[number];

/** `GET /bookings?role=guest|host&limit=&cursor=` */
export class BookingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BOOKING_ROLES, default: 'guest', example: 'host' })
  @IsOptional()
  @IsIn(BOOKING_ROLES)
  role?: BookingRole;
}

export const SIMULATED_OUTCOMES = ['succeed', 'fail'] as const;

@InputType()
export class SimulatePaymentInput {
  @ApiProperty({
    enum: SIMULATED_OUTCOMES,
    description: 'What the card holder does',
    example: 'succeed',
  })
  @Field()
  @IsIn(SIMULATED_OUTCOMES)
  outcome: 'succeed' | 'fail';

  @ApiProperty({
    description: 'The clientSecret POST /bookings returned',
    example:
      'local_pi_1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed_secret_Qm8vT3xK1rZ6wY9cN2bH5jL7fD0sA4gE',
  })
  @Field()
  @IsString()
  @MaxLength(200)
  clientSecret: string;
}
