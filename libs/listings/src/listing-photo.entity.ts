import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'listing_photos' })
export class ListingPhoto {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId: string;
  /** 0-based order in which clients show the photos. */
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text', nullable: true }) caption: string | null;
}
