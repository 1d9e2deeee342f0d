import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AMENITY_CODES,
  BUILDING_KINDS,
  CANCELLATION_POLICIES,
  MAX_PHOTOS,
  type BuildingKind,
  type CancellationPolicy,
} from '../listing-catalogue';
import { IsTimeZone } from '../listing-validators';
import { MultilineText } from '@app/core';

/** Largest amount in minor units a listing price may hold (fits the integer column). */
export const MAX_MINOR_AMOUNT = 1_000_000_000;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

@InputType('ListingPhotoInput')
export class ListingPhotoInput {
  @ApiProperty({ example: 'https://picsum.photos/seed/loft-1/1200/800', format: 'uri' })
  @Field()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ example: 'Living room with morning light', maxLength: 300 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  caption?: string;
}

/** Every listing field a host may set, all optional (drafts may be incomplete). */
@InputType({ isAbstract: true })
export abstract class ListingFieldsInput {
  @ApiPropertyOptional({
    example: 'Sunny loft by the canal, sleeps 4. Fast Wi-Fi.',
    maxLength: 5000,
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  description?: string;

  @ApiPropertyOptional({ enum: BUILDING_KINDS, example: 'apartment' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(BUILDING_KINDS)
  buildingKind?: BuildingKind;

  @ApiPropertyOptional({ example: '12 Quai de Valmy', maxLength: 300 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string;

  @ApiPropertyOptional({ example: 'Paris', maxLength: 100 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2', example: 'FR' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. FR' })
  country?: string;

  @ApiPropertyOptional({ minimum: -90, maximum: 90, example: 48.8716 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLatitude({ message: 'latitude must be a number between -90 and 90' })
  latitude?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, example: 2.3661 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLongitude({ message: 'longitude must be a number between -180 and 180' })
  longitude?: number;

  @ApiPropertyOptional({ description: 'IANA time zone of the place', example: 'Europe/Paris' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ description: 'Minor units of the currency', example: 12000, minimum: 0 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'nightlyPrice must be an integer amount of minor units' })
  @Min(0)
  @Max(MAX_MINOR_AMOUNT)
  nightlyPrice?: number;

  @ApiPropertyOptional({ description: 'Minor units of the currency', example: 3000, minimum: 0 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'cleaningFee must be an integer amount of minor units' })
  @Min(0)
  @Max(MAX_MINOR_AMOUNT)
  cleaningFee?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 10 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  weeklyDiscountPercent?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 20 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  monthlyDiscountPercent?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 5.5, description: 'Up to 2 decimals' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  occupancyTaxPercent?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, example: 4 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxGuests?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 50, example: 2 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  bedrooms?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 2 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  beds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 50, example: 1.5, description: 'Halves allowed' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(50)
  bathrooms?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Codes from GET /api/v1/amenities',
    example: ['wifi', 'kitchen', 'workspace'],
  })
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(AMENITY_CODES.length)
  @IsIn(AMENITY_CODES, { each: true, message: 'amenities must hold codes from the catalogue' })
  amenities?: string[];

  @ApiPropertyOptional({
    type: [ListingPhotoInput],
    maxItems: MAX_PHOTOS,
    description: 'In display order; replaces all photos',
  })
  @Field(() => [ListingPhotoInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_PHOTOS)
  @ValidateNested({ each: true })
  @Type(() => ListingPhotoInput)
  photos?: ListingPhotoInput[];

  @ApiPropertyOptional({ example: 'No parties. Quiet hours after 22:00.', maxLength: 5000 })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @MultilineText()
  houseRules?: string;

  @ApiPropertyOptional({ example: '15:00', pattern: TIME.source })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TIME, { message: 'checkInTime must be HH:MM' })
  checkInTime?: string;

  @ApiPropertyOptional({ example: '11:00', pattern: TIME.source })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TIME, { message: 'checkOutTime must be HH:MM' })
  checkOutTime?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, example: 2 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  minNights?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, example: 30 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  maxNights?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 730,
    example: 365,
    description: 'How many days ahead guests may book (default 365).',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  bookingWindowDays?: number;

  @ApiPropertyOptional({ example: true })
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  instantBook?: boolean;

  @ApiPropertyOptional({ enum: CANCELLATION_POLICIES, example: 'moderate' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(CANCELLATION_POLICIES)
  cancellationPolicy?: CancellationPolicy;
}
