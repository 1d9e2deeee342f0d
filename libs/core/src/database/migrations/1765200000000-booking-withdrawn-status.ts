import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = [
  'pending_payment',
  'awaiting_host',
  'confirmed',
  'declined',
  'expired',
  'cancelled_by_guest',
  'cancelled_by_host',
  'completed',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/** A guest may withdraw a request before it is confirmed: bookings gain the `withdrawn` status. */
export class BookingWithdrawnStatus1765200000000 implements MigrationInterface {
  name = 'BookingWithdrawnStatus1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bookings DROP CONSTRAINT bookings_status_check,
        ADD CONSTRAINT bookings_status_check CHECK (status IN (${list([...BEFORE, 'withdrawn'])}))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bookings DROP CONSTRAINT bookings_status_check,
        ADD CONSTRAINT bookings_status_check CHECK (status IN (${list(BEFORE)}))`);
  }
}
