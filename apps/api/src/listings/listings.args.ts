import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { MAX_PAGE_SIZE } from '@app/core';
import { IsStayDate, ListingFilterInput, LISTING_SORTS, type ListingSort } from '@app/listings';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1..${MAX_PAGE_SIZE} (default 20)` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  after?: string;
}

@ArgsType()
export class ListingsArgs extends ConnectionArgs {
  @Field(() => ListingFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ListingFilterInput)
  filter?: ListingFilterInput;

  @Field(() => String, { nullable: true, description: LISTING_SORTS.join(' | ') })
  @IsOptional()
  @IsIn(LISTING_SORTS, { message: `sort must be one of ${LISTING_SORTS.join(', ')}` })
  sort?: ListingSort;
}

@ArgsType()
export class ListingCalendarArgs {
  @Field(() => ID) @IsUUID() listingId: string;
  @Field({ description: 'First day, YYYY-MM-DD' }) @IsStayDate() from: string;
  @Field({ description: 'Last day (inclusive), at most 366 days' }) @IsStayDate() to: string;
}
