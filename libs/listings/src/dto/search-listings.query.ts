import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQuery } from '@app/core';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { AMENITY_CODES, PROPERTY_TYPES, type PropertyType } from '../listing-catalogue';
import { IsCurrency, IsStayDate } from '../listing-validators';
import { MAX_MINOR_AMOUNT } from './listing-fields.input';

/** Sort keys clients may ask for; nothing else reaches SQL. */
export const LISTING_SORTS = ['newest', 'price_asc', 'price_desc', 'rating', 'distance'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Search filters (REST query string and GraphQL `ListingFilter`). */
@InputType('ListingFilter')
export class ListingFilterInput {
  @ApiPropertyOptional({ example: 'Lisbon' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: 'PT', description: 'ISO 3166-1 alpha-2' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. FR' })
  country?: string;

  @ApiPropertyOptional({ example: 38.7223, description: 'Centre of a radius search' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLatitude({ message: 'lat must be a number between -90 and 90' })
  lat?: number;

  @ApiPropertyOptional({ example: -9.1393 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLongitude({ message: 'lng must be a number between -180 and 180' })
  lng?: number;

  @ApiPropertyOptional({ example: 5, minimum: 0.1, maximum: 500 })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.1)
  @Max(500)
  radiusKm?: number;

  @ApiPropertyOptional({ example: 38.69, description: 'Bounding box: southern latitude' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLatitude({ message: 'south must be a number between -90 and 90' })
  south?: number;

  @ApiPropertyOptional({ example: -9.23, description: 'Bounding box: western longitude' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLongitude({ message: 'west must be a number between -180 and 180' })
  west?: number;

  @ApiPropertyOptional({ example: 38.8, description: 'Bounding box: northern latitude' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLatitude({ message: 'north must be a number between -90 and 90' })
  north?: number;

  @ApiPropertyOptional({ example: -9.09, description: 'Bounding box: eastern longitude' })
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsLongitude({ message: 'east must be a number between -180 and 180' })
  east?: number;

  @ApiPropertyOptional({ example: '2030-06-01' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsStayDate()
  checkIn?: string;

  @ApiPropertyOptional({
    example: '2030-06-05',
    description: 'After checkIn; the stay is [checkIn, checkOut)',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsStayDate()
  checkOut?: string;

  @ApiPropertyOptional({ example: 2, minimum: 1, maximum: 50 })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  guests?: number;

  @ApiPropertyOptional({
    example: 5000,
    description: 'Nightly price floor, minor units of `currency`',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_AMOUNT)
  minPrice?: number;

  @ApiPropertyOptional({
    example: 20000,
    description: 'Nightly price ceiling, minor units of `currency`',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_AMOUNT)
  maxPrice?: number;

  @ApiPropertyOptional({
    example: 'EUR',
    description: 'Only listings priced in it; required with a price bound',
  })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({ enum: PROPERTY_TYPES, example: 'entire_home' })
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(PROPERTY_TYPES)
  propertyType?: PropertyType;

  @ApiPropertyOptional({
    type: String,
    example: 'wifi,kitchen',
    description: 'Comma-separated amenity codes; a listing must have all of them',
  })
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(AMENITY_CODES.length)
  @IsIn(AMENITY_CODES, { each: true, message: 'amenities must hold codes from the catalogue' })
  amenities?: string[];

  @ApiPropertyOptional({ example: true })
  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  instantBook?: boolean;
}

/** `GET /api/v1/listings`: filters, sort and `?limit=&cursor=` paging (PageQuery's). */
export class SearchListingsQuery extends IntersectionType(ListingFilterInput, PageQuery) {
  @ApiPropertyOptional({ enum: LISTING_SORTS, default: 'newest', example: 'price_asc' })
  @IsOptional()
  @IsIn(LISTING_SORTS, { message: `sort must be one of ${LISTING_SORTS.join(', ')}` })
  sort?: ListingSort;
}
