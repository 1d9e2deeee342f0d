import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

const bigint = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

export const PAYOUT_STATUSES = ['scheduled', 'due', 'paid', 'reversed', 'canceled'] as const;
/**
 * scheduled: not due yet; due: owed, waiting for the host's payout account;
 * paid: transferred (possibly partly reversed since); reversed: all of it
 * taken back after a refund; canceled: nothing left to pay before it was paid.
 */
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** What a host is owed for one booking, and what was transferred or reversed. */
@Entity({ name: 'payouts' })
export class Payout {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'booking_id', type: 'uuid' }) bookingId: string;
  @Column({ name: 'host_id', type: 'uuid' }) hostId: string;
  @Column({ type: 'text' }) status: PayoutStatus;
  /** The booking's host payout when it was confirmed. */
  @Column({ name: 'gross_amount', type: 'bigint', transformer: bigint }) grossAmount: number;
  /** What the host is owed now (less after a refund). */
  @Column({ type: 'bigint', transformer: bigint }) amount: number;
  @Column({ name: 'transferred_amount', type: 'bigint', transformer: bigint })
  transferredAmount: number;
  @Column({ name: 'reversed_amount', type: 'bigint', transformer: bigint }) reversedAmount: number;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'destination_account', type: 'text', nullable: true })
  destinationAccount: string | null;
  @Column({ name: 'transfer_ref', type: 'text', nullable: true }) transferRef: string | null;
  @Column({ name: 'reversal_ref', type: 'text', nullable: true }) reversalRef: string | null;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;
  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true }) reversedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A host's Stripe Connect account, where payouts are transferred. */
@Entity({ name: 'payout_accounts' })
export class PayoutAccount {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'stripe_account_id', type: 'text' }) stripeAccountId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
