import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single-use email-verification and password-reset tokens (only their digests are stored). */
export class CreateAccountTokens1763942700000 implements MigrationInterface {
  name = 'CreateAccountTokens1763942700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CONSTRAINT account_tokens_purpose_check
          CHECK (purpose IN ('verify_email', 'reset_password')),
        token_hash text NOT NULL CONSTRAINT account_tokens_token_hash_key UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX account_tokens_open_idx ON account_tokens (user_id, purpose) WHERE used_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE account_tokens');
  }
}
