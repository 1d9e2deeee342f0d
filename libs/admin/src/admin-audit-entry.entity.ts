import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One admin action: who did what to which record, when and why. Never updated. */
@Entity({ name: 'admin_audit_log' })
export class AdminAuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ type: 'text' })
  action: AdminAction;

  @Column({ name: 'target_type', type: 'text' })
  targetType: 'user' | 'listing' | 'booking' | 'review';

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const ADMIN_ACTIONS = [
  'user.suspend',
  'user.reinstate',
  'listing.unlist',
  'listing.archive',
  'booking.cancel',
  'review.hide',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];
