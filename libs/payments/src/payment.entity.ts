import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CaptureMethod } from './payment-provider';

const bigint = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

export const PAYMENT_RECORD_STATUSES = [
  'requires_payment',
  'authorized',
  'succeeded',
  'canceled',
  'failed',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentRecordStatus = (typeof PAYMENT_RECORD_STATUSES)[number];

/** Our record of the money a booking moves (one per booking); the provider holds the other half. */
@Entity({ name: 'payments' })
export class Payment {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'booking_id', type: 'uuid' }) bookingId: string;
  @Column({ type: 'text' }) provider: string;
  @Column({ name: 'provider_ref', type: 'text', nullable: true }) providerRef: string | null;
  @Column({ name: 'client_secret', type: 'text', nullable: true }) clientSecret: string | null;
  @Column({ name: 'capture_method', type: 'text' }) captureMethod: CaptureMethod;
  @Column({ type: 'text' }) status: PaymentRecordStatus;
  @Column({ type: 'bigint', transformer: bigint }) amount: number;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'amount_captured', type: 'bigint', transformer: bigint }) amountCaptured: number;
  @Column({ name: 'amount_refunded', type: 'bigint', transformer: bigint }) amountRefunded: number;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export type RefundRecordStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** Money returned to a guest after a cancellation (at most one per booking). */
@Entity({ name: 'refunds' })
export class RefundRecord {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'payment_id', type: 'uuid' }) paymentId: string;
  @Column({ name: 'booking_id', type: 'uuid' }) bookingId: string;
  @Column({ type: 'bigint', transformer: bigint }) amount: number;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ type: 'text' }) status: RefundRecordStatus;
  @Column({ name: 'provider_ref', type: 'text', nullable: true }) providerRef: string | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'jsonb' }) breakdown: Record<string, unknown>;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
