import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider webhook events (stored once per event id, applied by the worker),
 * hosts' connected payout accounts, and the payouts ledger: what each host is
 * owed per booking, when it falls due and what was transferred or reversed.
 */
export class CreatePaymentEventsAndPayouts1764700000000 implements MigrationInterface {
  name = 'CreatePaymentEventsAndPayouts1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment_events (
        id text PRIMARY KEY,
        provider text NOT NULL,
        type text NOT NULL,
        -- What the event is about: a payment (PaymentIntent) or a refund, by the provider's id.
        subject text CHECK (subject IN ('payment', 'refund')),
        subject_ref text,
        provider_created_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        outcome text CHECK (outcome IN ('applied', 'ignored')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(
      'CREATE INDEX payment_events_unprocessed_idx ON payment_events (received_at) WHERE processed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX payment_events_subject_idx ON payment_events (subject_ref)',
    );

    await queryRunner.query(`
      CREATE TABLE payout_accounts (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        stripe_account_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
        host_id uuid NOT NULL REFERENCES users (id),
        status text NOT NULL CHECK (status IN ('scheduled', 'due', 'paid', 'reversed', 'canceled')),
        gross_amount bigint NOT NULL CHECK (gross_amount >= 0),
        amount bigint NOT NULL CHECK (amount >= 0),
        transferred_amount bigint NOT NULL DEFAULT 0 CHECK (transferred_amount >= 0),
        reversed_amount bigint NOT NULL DEFAULT 0 CHECK (reversed_amount >= 0),
        currency char(3) NOT NULL,
        due_at timestamptz NOT NULL,
        destination_account text,
        transfer_ref text,
        reversal_ref text,
        paid_at timestamptz,
        reversed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payouts_booking_key UNIQUE (booking_id),
        CONSTRAINT payouts_reversal_check CHECK (reversed_amount <= transferred_amount)
      )`);
    await queryRunner.query(
      'CREATE INDEX payouts_host_idx ON payouts (host_id, due_at DESC, id DESC)',
    );
    // The payout sweep: scheduled ones by due time, and owed ones waiting for an account.
    await queryRunner.query(
      "CREATE INDEX payouts_open_idx ON payouts (due_at) WHERE status IN ('scheduled', 'due')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payouts');
    await queryRunner.query('DROP TABLE payout_accounts');
    await queryRunner.query('DROP TABLE payment_events');
  }
}
