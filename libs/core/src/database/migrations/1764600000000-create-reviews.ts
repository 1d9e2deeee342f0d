import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-sided reviews of completed stays, the review window of each stay (what
 * the worker already did for it: reminders, publication), the exact rating
 * totals the aggregates are derived from, and the aggregates shown to
 * clients: sub-rating averages on listings, the guest rating on users.
 */
export class CreateReviews1764600000000 implements MigrationInterface {
  name = 'CreateReviews1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rating = (column: string, required: boolean) =>
      `${column} smallint ${required ? 'NOT NULL ' : ''}CHECK (${column} BETWEEN 1 AND 5)`;
    await queryRunner.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id uuid NOT NULL REFERENCES bookings (id),
        listing_id uuid NOT NULL REFERENCES listings (id),
        author_id uuid NOT NULL REFERENCES users (id),
        subject_id uuid NOT NULL REFERENCES users (id),
        author_role text NOT NULL CONSTRAINT reviews_author_role_check CHECK (author_role IN ('guest', 'host')),
        ${rating('overall', true)},
        ${rating('cleanliness', false)},
        ${rating('accuracy', false)},
        ${rating('communication', false)},
        ${rating('location', false)},
        ${rating('check_in', false)},
        ${rating('value', false)},
        would_host_again boolean,
        text text NOT NULL CONSTRAINT reviews_text_check CHECK (char_length(text) BETWEEN 1 AND 5000),
        submitted_at timestamptz NOT NULL,
        published_at timestamptz,
        hidden_at timestamptz,
        hidden_by uuid REFERENCES users (id),
        hidden_reason text,
        response_text text CONSTRAINT reviews_response_text_check CHECK (char_length(response_text) BETWEEN 1 AND 5000),
        responded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reviews_booking_author_key UNIQUE (booking_id, author_role),
        -- A guest rates the stay on every sub-rating; a host rates the guest and says if they would host again.
        CONSTRAINT reviews_shape_check CHECK (
          CASE author_role
            WHEN 'guest' THEN cleanliness IS NOT NULL AND accuracy IS NOT NULL AND communication IS NOT NULL
              AND location IS NOT NULL AND check_in IS NOT NULL AND value IS NOT NULL AND would_host_again IS NULL
            ELSE cleanliness IS NULL AND accuracy IS NULL AND communication IS NULL AND location IS NULL
              AND check_in IS NULL AND value IS NULL AND would_host_again IS NOT NULL
          END),
        CONSTRAINT reviews_hidden_check CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
        CONSTRAINT reviews_response_check CHECK ((response_text IS NULL) = (responded_at IS NULL))
      )`);
    // The public lists: a listing's guest reviews and the reviews about a user, newest first.
    await queryRunner.query(
      "CREATE INDEX reviews_listing_public_idx ON reviews (listing_id, published_at DESC, id DESC) WHERE author_role = 'guest' AND published_at IS NOT NULL AND hidden_at IS NULL",
    );
    await queryRunner.query(
      'CREATE INDEX reviews_subject_public_idx ON reviews (subject_id, published_at DESC, id DESC) WHERE published_at IS NOT NULL AND hidden_at IS NULL',
    );
    await queryRunner.query('CREATE INDEX reviews_author_idx ON reviews (author_id)');

    await queryRunner.query(`
      CREATE TABLE review_windows (
        booking_id uuid PRIMARY KEY REFERENCES bookings (id),
        listing_id uuid NOT NULL REFERENCES listings (id),
        guest_id uuid NOT NULL REFERENCES users (id),
        host_id uuid NOT NULL REFERENCES users (id),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        open_reminder_at timestamptz,
        closing_reminder_at timestamptz,
        closed_at timestamptz,
        closed_because text CHECK (closed_because IN ('both_reviewed', 'window_ended')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT review_windows_range_check CHECK (closes_at > opens_at),
        CONSTRAINT review_windows_closed_check CHECK ((closed_at IS NULL) = (closed_because IS NULL))
      )`);
    // The sweeper's three scans, each over open windows only.
    await queryRunner.query(
      'CREATE INDEX review_windows_open_reminder_idx ON review_windows (opens_at) WHERE open_reminder_at IS NULL AND closed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX review_windows_closing_reminder_idx ON review_windows (closes_at) WHERE closing_reminder_at IS NULL AND closed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX review_windows_due_idx ON review_windows (closes_at) WHERE closed_at IS NULL',
    );
    // Stays that ended recently: where new review windows come from.
    await queryRunner.query(
      "CREATE INDEX bookings_review_window_idx ON bookings (completed_at) WHERE status = 'completed'",
    );

    await queryRunner.query(`
      CREATE TABLE listing_rating_totals (
        listing_id uuid PRIMARY KEY REFERENCES listings (id),
        review_count integer NOT NULL DEFAULT 0 CHECK (review_count >= 0),
        overall_sum integer NOT NULL DEFAULT 0,
        cleanliness_sum integer NOT NULL DEFAULT 0,
        accuracy_sum integer NOT NULL DEFAULT 0,
        communication_sum integer NOT NULL DEFAULT 0,
        location_sum integer NOT NULL DEFAULT 0,
        check_in_sum integer NOT NULL DEFAULT 0,
        value_sum integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE guest_rating_totals (
        guest_id uuid PRIMARY KEY REFERENCES users (id),
        review_count integer NOT NULL DEFAULT 0 CHECK (review_count >= 0),
        overall_sum integer NOT NULL DEFAULT 0,
        would_host_again_count integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      ALTER TABLE listings
        ADD COLUMN rating_cleanliness numeric(3, 2),
        ADD COLUMN rating_accuracy numeric(3, 2),
        ADD COLUMN rating_communication numeric(3, 2),
        ADD COLUMN rating_location numeric(3, 2),
        ADD COLUMN rating_check_in numeric(3, 2),
        ADD COLUMN rating_value numeric(3, 2)`);
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN guest_rating_avg numeric(3, 2),
        ADD COLUMN guest_rating_count integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE users DROP COLUMN guest_rating_count, DROP COLUMN guest_rating_avg',
    );
    await queryRunner.query(`
      ALTER TABLE listings
        DROP COLUMN rating_value, DROP COLUMN rating_check_in, DROP COLUMN rating_location,
        DROP COLUMN rating_communication, DROP COLUMN rating_accuracy, DROP COLUMN rating_cleanliness`);
    await queryRunner.query('DROP TABLE guest_rating_totals');
    await queryRunner.query('DROP TABLE listing_rating_totals');
    await queryRunner.query('DROP INDEX bookings_review_window_idx');
    await queryRunner.query('DROP TABLE review_windows');
    await queryRunner.query('DROP TABLE reviews');
  }
}
