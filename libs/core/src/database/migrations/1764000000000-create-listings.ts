import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listings, their ordered photos, and the one availability table of every
 * night that is not free (host blocks now, booking holds later), guarded by an
 * exclusion constraint so no two ranges of one listing ever overlap.
 */
export class CreateListings1764000000000 implements MigrationInterface {
  name = 'CreateListings1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE listings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        host_id uuid NOT NULL REFERENCES users (id),
        title text NOT NULL,
        description text,
        property_type text NOT NULL CONSTRAINT listings_property_type_check
          CHECK (property_type IN ('entire_home', 'private_room', 'shared_room', 'hotel_room')),
        building_kind text CONSTRAINT listings_building_kind_check
          CHECK (building_kind IN ('house', 'apartment', 'condo', 'townhouse', 'cabin', 'villa', 'loft', 'guesthouse', 'hotel', 'other')),
        address text,
        city text,
        country char(2),
        latitude double precision CONSTRAINT listings_latitude_check CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CONSTRAINT listings_longitude_check CHECK (longitude BETWEEN -180 AND 180),
        timezone text,
        currency char(3) NOT NULL,
        nightly_price integer NOT NULL DEFAULT 0 CONSTRAINT listings_nightly_price_check CHECK (nightly_price >= 0),
        cleaning_fee integer NOT NULL DEFAULT 0 CONSTRAINT listings_cleaning_fee_check CHECK (cleaning_fee >= 0),
        weekly_discount_percent smallint NOT NULL DEFAULT 0 CHECK (weekly_discount_percent BETWEEN 0 AND 100),
        monthly_discount_percent smallint NOT NULL DEFAULT 0 CHECK (monthly_discount_percent BETWEEN 0 AND 100),
        occupancy_tax_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (occupancy_tax_percent BETWEEN 0 AND 100),
        max_guests integer NOT NULL DEFAULT 1 CHECK (max_guests BETWEEN 1 AND 50),
        bedrooms integer NOT NULL DEFAULT 0 CHECK (bedrooms >= 0),
        beds integer NOT NULL DEFAULT 1 CHECK (beds >= 0),
        bathrooms numeric(3, 1) NOT NULL DEFAULT 1 CHECK (bathrooms >= 0),
        amenities text[] NOT NULL DEFAULT '{}',
        house_rules text,
        check_in_time text NOT NULL DEFAULT '15:00',
        check_out_time text NOT NULL DEFAULT '11:00',
        min_nights integer NOT NULL DEFAULT 1 CHECK (min_nights >= 1),
        max_nights integer NOT NULL DEFAULT 365,
        instant_book boolean NOT NULL DEFAULT false,
        cancellation_policy text NOT NULL DEFAULT 'moderate' CONSTRAINT listings_cancellation_policy_check
          CHECK (cancellation_policy IN ('flexible', 'moderate', 'firm', 'strict')),
        status text NOT NULL DEFAULT 'draft' CONSTRAINT listings_status_check
          CHECK (status IN ('draft', 'published', 'unlisted', 'archived')),
        rating_avg numeric(3, 2),
        rating_count integer NOT NULL DEFAULT 0,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listings_nights_check CHECK (min_nights <= max_nights)
      )`);
    // One index per search shape; all partial on published rows, the only ones search reads.
    await queryRunner.query(
      'CREATE INDEX listings_host_idx ON listings (host_id, created_at DESC, id DESC)',
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_city_idx ON listings (lower(city), country, max_guests) WHERE status = 'published'",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_country_idx ON listings (country, max_guests) WHERE status = 'published'",
    );
    // Built-in point + gist: bounding boxes and the radius pre-filter, no PostGIS needed.
    await queryRunner.query(
      "CREATE INDEX listings_search_location_idx ON listings USING gist (point(longitude, latitude)) WHERE status = 'published' AND latitude IS NOT NULL AND longitude IS NOT NULL",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_price_idx ON listings (currency, nightly_price, id) WHERE status = 'published'",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_amenities_idx ON listings USING gin (amenities) WHERE status = 'published'",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_newest_idx ON listings (created_at DESC, id DESC) WHERE status = 'published'",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_rating_idx ON listings ((coalesce(rating_avg, 0)) DESC, id DESC) WHERE status = 'published'",
    );
    await queryRunner.query(`
      CREATE TABLE listing_photos (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
        position integer NOT NULL,
        url text NOT NULL,
        caption text,
        CONSTRAINT listing_photos_position_key UNIQUE (listing_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE listing_calendar_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
        during daterange NOT NULL CONSTRAINT listing_calendar_holds_during_check
          CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
        kind text NOT NULL CONSTRAINT listing_calendar_holds_kind_check CHECK (kind IN ('block', 'booking')),
        booking_id uuid,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listing_calendar_holds_booking_check CHECK ((kind = 'booking') = (booking_id IS NOT NULL)),
        CONSTRAINT listing_calendar_holds_no_overlap EXCLUDE USING gist (listing_id WITH =, during WITH &&)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX listing_calendar_holds_booking_idx ON listing_calendar_holds (booking_id) WHERE booking_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE listing_calendar_holds');
    await queryRunner.query('DROP TABLE listing_photos');
    await queryRunner.query('DROP TABLE listings');
  }
}
