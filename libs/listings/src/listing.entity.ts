import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type ValueTransformer,
} from 'typeorm';
import type {
  BuildingKind,
  CancellationPolicy,
  ListingStatus,
  PropertyType,
} from './listing-catalogue';

/** numeric columns come back from pg as strings; these hold small decimals only. */
const decimal: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'listings' })
export class Listing {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'host_id', type: 'uuid' }) hostId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'property_type', type: 'text' }) propertyType: PropertyType;
  @Column({ name: 'building_kind', type: 'text', nullable: true })
  buildingKind: BuildingKind | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'char', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'double precision', nullable: true }) latitude: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude: number | null;
  @Column({ type: 'text', nullable: true }) timezone: string | null;
  @Column({ type: 'char', length: 3 }) currency: string;
  /** Minor units of `currency`. */
  @Column({ name: 'nightly_price', type: 'integer' }) nightlyPrice: number;
  @Column({ name: 'cleaning_fee', type: 'integer' }) cleaningFee: number;
  @Column({ name: 'weekly_discount_percent', type: 'smallint' }) weeklyDiscountPercent: number;
  @Column({ name: 'monthly_discount_percent', type: 'smallint' }) monthlyDiscountPercent: number;
  @Column({
    name: 'occupancy_tax_percent',
    type: 'numeric',
    precision: 5,
    scale: 2,
    transformer: decimal,
  })
  occupancyTaxPercent: number;
  @Column({ name: 'max_guests', type: 'integer' }) maxGuests: number;
  @Column({ type: 'integer' }) bedrooms: number;
  @Column({ type: 'integer' }) beds: number;
  @Column({ type: 'numeric', precision: 3, scale: 1, transformer: decimal }) bathrooms: number;
  @Column({ type: 'text', array: true }) amenities: string[];
  @Column({ name: 'house_rules', type: 'text', nullable: true }) houseRules: string | null;
  @Column({ name: 'check_in_time', type: 'text' }) checkInTime: string;
  @Column({ name: 'check_out_time', type: 'text' }) checkOutTime: string;
  @Column({ name: 'min_nights', type: 'integer' }) minNights: number;
  @Column({ name: 'max_nights', type: 'integer' }) maxNights: number;
  /** How many days ahead guests may book (checked by quotes, bookings and blocks). */
  @Column({ name: 'booking_window_days', type: 'integer', default: 365 }) bookingWindowDays: number;
  @Column({ name: 'instant_book', type: 'boolean' }) instantBook: boolean;
  @Column({ name: 'cancellation_policy', type: 'text' }) cancellationPolicy: CancellationPolicy;
  @Column({ type: 'text' }) status: ListingStatus;
  @Column({
    name: 'rating_avg',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingAvg: number | null;
  @Column({ name: 'rating_count', type: 'integer' }) ratingCount: number;
  @Column({
    name: 'rating_cleanliness',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingCleanliness: number | null;
  @Column({
    name: 'rating_accuracy',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingAccuracy: number | null;
  @Column({
    name: 'rating_communication',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingCommunication: number | null;
  @Column({
    name: 'rating_location',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingLocation: number | null;
  @Column({
    name: 'rating_check_in',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingCheckIn: number | null;
  @Column({
    name: 'rating_value',
    type: 'numeric',
    precision: 3,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  ratingValue: number | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
