import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import {
  BUILDING_KINDS,
  CANCELLATION_POLICIES,
  LISTING_STATUSES,
  PROPERTY_TYPES,
} from '../listing-catalogue';
import type { Listing } from '../listing.entity';
import type { ListingPhoto } from '../listing-photo.entity';
import { MoneyView } from './money.view';

@ObjectType('ListingPhoto')
export class ListingPhotoView {
  @ApiProperty({ example: 'https://picsum.photos/seed/loft-1/1200/800' }) @Field() url: string;
  @ApiProperty({ type: String, nullable: true, example: 'Living room' })
  @Field(() => String, { nullable: true })
  caption: string | null;
}

/** Average of each sub-rating of the listing's published guest reviews (null before the first). */
@ObjectType('ListingSubRatings')
export class ListingSubRatingsView {
  @ApiProperty({ type: Number, nullable: true, example: 4.9 })
  @Field(() => Float, { nullable: true })
  cleanliness: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.8 })
  @Field(() => Float, { nullable: true })
  accuracy: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  @Field(() => Float, { nullable: true })
  communication: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.7 })
  @Field(() => Float, { nullable: true })
  location: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.9 })
  @Field(() => Float, { nullable: true })
  checkIn: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.6 })
  @Field(() => Float, { nullable: true })
  value: number | null;
}

/** What clients see of a listing (REST body and GraphQL `Listing`); plain JSON so it caches as is. */
@ObjectType('Listing')
export class ListingView {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @Field(() => ID)
  id: string;
  @ApiProperty({ format: 'uuid', example: '9f1c2b7e-4d3a-4e8b-b1a6-5c2d7e8f9a01' })
  @Field(() => ID)
  hostId: string;
  @ApiProperty({ example: 'Sunny canal-side loft' }) @Field() title: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Sunny loft by the canal, sleeps 4. Fast Wi-Fi.',
  })
  @Field(() => String, { nullable: true })
  description: string | null;
  @ApiProperty({ enum: PROPERTY_TYPES, example: 'entire_home' }) @Field() propertyType: string;
  @ApiProperty({ enum: BUILDING_KINDS, nullable: true, example: 'apartment' })
  @Field(() => String, { nullable: true })
  buildingKind: string | null;
  @ApiProperty({ type: String, nullable: true, example: '12 Quai de Valmy' })
  @Field(() => String, { nullable: true })
  address: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Paris' })
  @Field(() => String, { nullable: true })
  city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'FR' })
  @Field(() => String, { nullable: true })
  country: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 48.8716 })
  @Field(() => Float, { nullable: true })
  latitude: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2.3661 })
  @Field(() => Float, { nullable: true })
  longitude: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Europe/Paris' })
  @Field(() => String, { nullable: true })
  timezone: string | null;
  @ApiProperty({ example: 'EUR' }) @Field() currency: string;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) nightlyPrice: MoneyView;
  @ApiProperty({ type: MoneyView }) @Field(() => MoneyView) cleaningFee: MoneyView;
  @ApiProperty({ example: 10 }) @Field(() => Int) weeklyDiscountPercent: number;
  @ApiProperty({ example: 20 }) @Field(() => Int) monthlyDiscountPercent: number;
  @ApiProperty({ example: 5.5 }) @Field(() => Float) occupancyTaxPercent: number;
  @ApiProperty({ example: 4 }) @Field(() => Int) maxGuests: number;
  @ApiProperty({ example: 2 }) @Field(() => Int) bedrooms: number;
  @ApiProperty({ example: 2 }) @Field(() => Int) beds: number;
  @ApiProperty({ example: 1.5 }) @Field(() => Float) bathrooms: number;
  @ApiProperty({ type: [String], example: ['wifi', 'kitchen'] })
  @Field(() => [String])
  amenities: string[];
  @ApiProperty({ type: [ListingPhotoView] })
  @Field(() => [ListingPhotoView])
  photos: ListingPhotoView[];
  @ApiProperty({ type: String, nullable: true, example: 'No parties. Quiet hours after 22:00.' })
  @Field(() => String, { nullable: true })
  houseRules: string | null;
  @ApiProperty({ example: '15:00' }) @Field() checkInTime: string;
  @ApiProperty({ example: '11:00' }) @Field() checkOutTime: string;
  @ApiProperty({ example: 2 }) @Field(() => Int) minNights: number;
  @ApiProperty({ example: 30 }) @Field(() => Int) maxNights: number;
  @ApiProperty({ example: 365, description: 'How many days ahead guests may book.' })
  @Field(() => Int)
  bookingWindowDays: number;
  @ApiProperty({ example: true }) @Field() instantBook: boolean;
  @ApiProperty({ enum: CANCELLATION_POLICIES, example: 'moderate' })
  @Field()
  cancellationPolicy: string;
  @ApiProperty({ enum: LISTING_STATUSES, example: 'published' }) @Field() status: string;
  @ApiProperty({ type: Number, nullable: true, example: 4.87 })
  @Field(() => Float, { nullable: true })
  ratingAverage: number | null;
  @ApiProperty({ example: 23 }) @Field(() => Int) ratingCount: number;
  @ApiProperty({ type: ListingSubRatingsView })
  @Field(() => ListingSubRatingsView)
  subRatings: ListingSubRatingsView;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-04-02T11:20:00.000Z',
  })
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC' })
  publishedAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2030-03-28T16:05:42.000Z' })
  @Field({ description: 'ISO-8601 UTC' })
  createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2030-04-02T11:20:00.000Z' })
  @Field({ description: 'ISO-8601 UTC' })
  updatedAt: string;

  static of(listing: Listing, photos: ListingPhoto[]): ListingView {
    return {
      id: listing.id,
      hostId: listing.hostId,
      title: listing.title,
      description: listing.description,
      propertyType: listing.propertyType,
      buildingKind: listing.buildingKind,
      address: listing.address,
      city: listing.city,
      country: listing.country,
      latitude: listing.latitude,
      longitude: listing.longitude,
      timezone: listing.timezone,
      currency: listing.currency,
      nightlyPrice: MoneyView.of(listing.nightlyPrice, listing.currency),
      cleaningFee: MoneyView.of(listing.cleaningFee, listing.currency),
      weeklyDiscountPercent: listing.weeklyDiscountPercent,
      monthlyDiscountPercent: listing.monthlyDiscountPercent,
      occupancyTaxPercent: listing.occupancyTaxPercent,
      maxGuests: listing.maxGuests,
      bedrooms: listing.bedrooms,
      beds: listing.beds,
      bathrooms: listing.bathrooms,
      amenities: listing.amenities,
      photos: [...photos]
        .sort((a, b) => a.position - b.position)
        .map((p) => ({ url: p.url, caption: p.caption })),
      houseRules: listing.houseRules,
      checkInTime: listing.checkInTime,
      checkOutTime: listing.checkOutTime,
      minNights: listing.minNights,
      maxNights: listing.maxNights,
      bookingWindowDays: listing.bookingWindowDays,
      instantBook: listing.instantBook,
      cancellationPolicy: listing.cancellationPolicy,
      status: listing.status,
      ratingAverage: listing.ratingAvg,
      ratingCount: listing.ratingCount,
      subRatings: {
        cleanliness: listing.ratingCleanliness,
        accuracy: listing.ratingAccuracy,
        communication: listing.ratingCommunication,
        location: listing.ratingLocation,
        checkIn: listing.ratingCheckIn,
        value: listing.ratingValue,
      },
      publishedAt: listing.publishedAt?.toISOString() ?? null,
      createdAt: listing.createdAt.toISOString(),
      updatedAt: listing.updatedAt.toISOString(),
    };
  }
}

/** One page of listings: `{ data, nextCursor }`. */
export class ListingPageView {
  @ApiProperty({ type: [ListingView] }) data: ListingView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page',
    example:
      'eyJzIjoicHJpY2VfYXNjIiwidiI6IjEyMDAwIiwiaWQiOiI3YzllNjY3OS03NDI1LTQwZGUtOTQ0Yi1lMDdmYzFmOTBhZTcifQ.06w7yAWh-q4Vpjgd',
  })
  nextCursor: string | null;
}
