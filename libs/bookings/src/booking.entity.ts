import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PriceQuote } from './booking-pricing';
import type { BookingStatus } from './booking-state-machine';
import type { CancellationPolicy } from './cancellation-policy';

const bigint = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

export type BookingMode = 'instant' | 'request';
export type BookingCanceller = 'guest' | 'host' | 'admin';

/** The cancellation snapshot as stored (bookedAt as an ISO string). */
export interface StoredCancellationSnapshot {
  currency: string;
  checkIn: string;
  checkOut: string;
  checkInTime: string;
  timezone: string;
  nightlyAmounts: number[];
  cleaningFee: number;
  guestServiceFee: number;
  taxes: number;
  bookedAt: string;
}

/**
 * A stay. Its price and the listing's cancellation policy are snapshots taken
 * at booking time, so a later change of the listing changes nothing here.
 */
@Entity({ name: 'bookings' })
export class Booking {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'guest_id', type: 'uuid' }) guestId: string;
  @Column({ name: 'host_id', type: 'uuid' }) hostId: string;
  @Column({ name: 'check_in', type: 'date' }) checkIn: string;
  @Column({ name: 'check_out', type: 'date' }) checkOut: string;
  @Column({ type: 'integer' }) guests: number;
  @Column({ type: 'text' }) mode: BookingMode;
  @Column({ type: 'text' }) status: BookingStatus;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ type: 'bigint', transformer: bigint }) total: number;
  @Column({ name: 'host_payout', type: 'bigint', transformer: bigint }) hostPayout: number;
  @Column({ type: 'jsonb' }) price: PriceQuote;
  @Column({ name: 'cancellation_policy', type: 'text' }) cancellationPolicy: CancellationPolicy;
  @Column({ type: 'jsonb' }) cancellation: StoredCancellationSnapshot;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true }) deadlineAt: Date | null;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;
  @Column({ name: 'authorized_at', type: 'timestamptz', nullable: true })
  authorizedAt: Date | null;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt: Date | null;
  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true }) declinedAt: Date | null;
  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true }) expiredAt: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy: BookingCanceller | null;
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason: string | null;
  @Column({ type: 'integer' }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
