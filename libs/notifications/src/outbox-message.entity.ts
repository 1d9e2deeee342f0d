import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxChannel = 'email';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * One message to send, written in the same transaction as the change that
 * causes it: a rollback drops the message too, a commit guarantees it is sent.
 */
@Entity({ name: 'outbox_messages' })
// The sweeper's query: pending rows, oldest first.
@Index('ix_outbox_messages_status_created_at', ['status', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  channel: OutboxChannel;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  recipient: string;

  /** The template's variables. */
  @Column({ type: 'jsonb' })
  data: Record<string, string>;

  @Column({ type: 'text', default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
