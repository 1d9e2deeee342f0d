import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A city search sorted by newest or by price walks one index in the sort order
 * and stops at the page size, instead of reading every listing of the city
 * and sorting. The statistics on lower(city) give the planner the real size of
 * each city (a partial expression index has none), so it knows when to.
 */
export class SearchCityOrderIndexes1764510000000 implements MigrationInterface {
  name = 'SearchCityOrderIndexes1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE INDEX listings_search_city_newest_idx ON listings (lower(city), created_at DESC, id DESC) WHERE status = 'published'",
    );
    await queryRunner.query(
      "CREATE INDEX listings_search_city_price_idx ON listings (lower(city), nightly_price, id) WHERE status = 'published'",
    );
    await queryRunner.query('CREATE STATISTICS listings_city_stats ON (lower(city)) FROM listings');
    await queryRunner.query('ANALYZE listings');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP STATISTICS listings_city_stats');
    await queryRunner.query('DROP INDEX listings_search_city_price_idx');
    await queryRunner.query('DROP INDEX listings_search_city_newest_idx');
  }
}
