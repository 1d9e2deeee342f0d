import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsStayDate } from '../listing-validators';
import { MoneyView } from './money.view';

export const CALENDAR_DAY_STATUSES = ['available', 'blocked', 'booked'] as const;
export type CalendarDayStatus = (typeof CALENDAR_DAY_STATUSES)[number];

@ObjectType('CalendarDay')
export class CalendarDayView {
  @ApiProperty({ example: '2030-06-01' }) @Field() date: string;
  @ApiProperty({ enum: CALENDAR_DAY_STATUSES, example: 'available' }) @Field() status: string;
  @ApiProperty({ type: MoneyView, description: 'Nightly price of that night' })
  @Field(() => MoneyView)
  price: MoneyView;
}

@ObjectType('ListingCalendar')
export class ListingCalendarView {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  listingId: string;
  @ApiProperty({ example: '2030-06-01' }) @Field() from: string;
  @ApiProperty({ example: '2030-06-30' }) @Field() to: string;
  @ApiProperty({ type: [CalendarDayView] }) @Field(() => [CalendarDayView]) days: CalendarDayView[];
}

/** `?from=&to=`: both inclusive, at most 366 days. */
export class CalendarQuery {
  @ApiProperty({ example: '2030-06-01', description: 'First day (inclusive)' })
  @IsStayDate()
  from: string;

  @ApiProperty({ example: '2030-06-30', description: 'Last day (inclusive), at most 366 days' })
  @IsStayDate()
  to: string;
}

@InputType()
export class BlockDatesInput {
  @ApiProperty({ example: '2030-07-01', description: 'First blocked night' })
  @Field()
  @IsStayDate()
  startDate: string;

  @ApiProperty({
    example: '2030-07-05',
    description: 'Day after the last blocked night (like a check-out)',
  })
  @Field()
  @IsStayDate()
  endDate: string;

  @ApiPropertyOptional({ example: 'Family visit', maxLength: 500 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@ObjectType('CalendarBlock')
export class CalendarBlockView {
  @ApiProperty({ format: 'uuid', example: '2c1d7a3e-5f4b-4a69-8e0d-3b7c9a1f6e42' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  listingId: string;
  @ApiProperty({ example: '2030-07-01' }) @Field() startDate: string;
  @ApiProperty({ example: '2030-07-05' }) @Field() endDate: string;
  @ApiProperty({ type: String, nullable: true, example: 'Family visit' })
  @Field(() => String, { nullable: true })
  note: string | null;
}
