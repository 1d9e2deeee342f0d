import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * btree_gist lets an exclusion constraint mix `=` on a uuid with `&&` on a
 * daterange: the database itself refuses a second booking of the same night.
 */
export class EnableExtensions1763942400000 implements MigrationInterface {
  name = 'EnableExtensions1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS btree_gist');
  }
}
