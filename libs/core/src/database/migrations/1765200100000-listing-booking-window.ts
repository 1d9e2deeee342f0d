import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How far ahead a listing can be booked (host setting): a year by default, two at most. */
export class ListingBookingWindow1765200100000 implements MigrationInterface {
  name = 'ListingBookingWindow1765200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE listings ADD COLUMN booking_window_days integer NOT NULL DEFAULT 365
        CONSTRAINT listings_booking_window_check CHECK (booking_window_days BETWEEN 1 AND 730)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE listings DROP COLUMN booking_window_days');
  }
}
