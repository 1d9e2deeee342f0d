import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReviewAuthorRole } from './review-catalogue';

/**
 * One side's review of a completed stay. Pending (published_at null) until
 * both sides have reviewed or the window closes; hidden_at is an admin's
 * moderation. Reads go through review-rows.ts (they join the author).
 */
@Entity({ name: 'reviews' })
export class Review {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'booking_id', type: 'uuid' }) bookingId: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @Column({ name: 'author_role', type: 'text' }) authorRole: ReviewAuthorRole;
  @Column({ type: 'smallint' }) overall: number;
  @Column({ type: 'smallint', nullable: true }) cleanliness: number | null;
  @Column({ type: 'smallint', nullable: true }) accuracy: number | null;
  @Column({ type: 'smallint', nullable: true }) communication: number | null;
  @Column({ type: 'smallint', nullable: true }) location: number | null;
  @Column({ name: 'check_in', type: 'smallint', nullable: true }) checkIn: number | null;
  @Column({ type: 'smallint', nullable: true }) value: number | null;
  @Column({ name: 'would_host_again', type: 'boolean', nullable: true })
  wouldHostAgain: boolean | null;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true }) hiddenAt: Date | null;
  @Column({ name: 'hidden_by', type: 'uuid', nullable: true }) hiddenBy: string | null;
  @Column({ name: 'hidden_reason', type: 'text', nullable: true }) hiddenReason: string | null;
  @Column({ name: 'response_text', type: 'text', nullable: true }) responseText: string | null;
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true }) respondedAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
