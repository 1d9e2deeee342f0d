import type { MigrationInterface, QueryRunner } from 'typeorm';

const BOOKING_STATUSES = [
  'pending_payment',
  'awaiting_host',
  'confirmed',
  'declined',
  'expired',
  'cancelled_by_guest',
  'cancelled_by_host',
  'completed',
];
const PAYMENT_STATUSES = [
  'requires_payment',
  'authorized',
  'succeeded',
  'canceled',
  'failed',
  'partially_refunded',
  'refunded',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Bookings (with their price and cancellation-policy snapshots and the history
 * of every transition), their payments and refunds, and the stored answers of
 * Idempotency-Key requests. A booking's nights are rows of
 * listing_calendar_holds (kind 'booking'), so the listings' exclusion
 * constraint decides every race.
 */
export class CreateBookingsAndPayments1764500000000 implements MigrationInterface {
  name = 'CreateBookingsAndPayments1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings (id),
        guest_id uuid NOT NULL REFERENCES users (id),
        host_id uuid NOT NULL REFERENCES users (id),
        check_in date NOT NULL,
        check_out date NOT NULL,
        guests integer NOT NULL CHECK (guests > 0),
        mode text NOT NULL CHECK (mode IN ('instant', 'request')),
        status text NOT NULL CONSTRAINT bookings_status_check CHECK (status IN (${list(BOOKING_STATUSES)})),
        currency char(3) NOT NULL,
        total bigint NOT NULL CHECK (total >= 0),
        host_payout bigint NOT NULL,
        price jsonb NOT NULL,
        cancellation_policy text NOT NULL,
        cancellation jsonb NOT NULL,
        message text,
        deadline_at timestamptz,
        paid_at timestamptz,
        authorized_at timestamptz,
        confirmed_at timestamptz,
        declined_at timestamptz,
        expired_at timestamptz,
        cancelled_at timestamptz,
        completed_at timestamptz,
        cancelled_by text CHECK (cancelled_by IN ('guest', 'host', 'admin')),
        cancellation_reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bookings_dates_check CHECK (check_out > check_in)
      )`);
    await queryRunner.query(
      'CREATE INDEX bookings_guest_idx ON bookings (guest_id, created_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX bookings_host_idx ON bookings (host_id, created_at DESC, id DESC)',
    );
    await queryRunner.query('CREATE INDEX bookings_listing_idx ON bookings (listing_id)');
    // The lifecycle sweepers: open bookings by deadline, confirmed stays by check-out.
    await queryRunner.query(
      "CREATE INDEX bookings_deadline_idx ON bookings (deadline_at) WHERE status IN ('pending_payment', 'awaiting_host')",
    );
    await queryRunner.query(
      "CREATE INDEX bookings_checkout_idx ON bookings (check_out) WHERE status = 'confirmed'",
    );
    await queryRunner.query(`
      CREATE TABLE booking_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
        event text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id uuid REFERENCES users (id),
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX booking_events_booking_idx ON booking_events (booking_id, id)',
    );

    await queryRunner.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
        provider text NOT NULL,
        provider_ref text,
        client_secret text,
        capture_method text NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
        status text NOT NULL CONSTRAINT payments_status_check CHECK (status IN (${list(PAYMENT_STATUSES)})),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        amount_captured bigint NOT NULL DEFAULT 0,
        amount_refunded bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_booking_key UNIQUE (booking_id),
        CONSTRAINT payments_provider_ref_key UNIQUE (provider, provider_ref)
      )`);
    await queryRunner.query(
      "CREATE INDEX payments_open_idx ON payments (updated_at) WHERE status IN ('requires_payment', 'authorized')",
    );
    await queryRunner.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
        booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
        provider_ref text,
        reason text NOT NULL,
        breakdown jsonb NOT NULL DEFAULT '{}',
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refunds_booking_key UNIQUE (booking_id)
      )`);
    await queryRunner.query('CREATE INDEX refunds_payment_idx ON refunds (payment_id)');
    await queryRunner.query(
      "CREATE INDEX refunds_pending_idx ON refunds (created_at) WHERE status = 'pending'",
    );

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, scope, key)
      )`);
    await queryRunner.query(
      'CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
    await queryRunner.query('DROP TABLE refunds');
    await queryRunner.query('DROP TABLE payments');
    await queryRunner.query('DROP TABLE booking_events');
    await queryRunner.query('DROP TABLE bookings');
  }
}
