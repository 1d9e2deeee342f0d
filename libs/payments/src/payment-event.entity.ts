import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PaymentEventSubject = 'payment' | 'refund';
export type PaymentEventOutcome = 'applied' | 'ignored';

/**
 * A provider webhook event, stored once (its id is the provider's event id)
 * before it is acknowledged; the worker applies it and records the outcome.
 */
@Entity({ name: 'payment_events' })
export class PaymentEvent {
  @PrimaryColumn('text') id: string;
  @Column({ type: 'text' }) provider: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text', nullable: true }) subject: PaymentEventSubject | null;
  @Column({ name: 'subject_ref', type: 'text', nullable: true }) subjectRef: string | null;
  @Column({ name: 'provider_created_at', type: 'timestamptz' }) providerCreatedAt: Date;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: PaymentEventOutcome | null;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
