import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The offline payment provider's own state (what Stripe would hold for a
 * PaymentIntent), so every API and worker process sees the same payment.
 */
export class CreateLocalPaymentIntents1764400000000 implements MigrationInterface {
  name = 'CreateLocalPaymentIntents1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE local_payment_intents (
        ref text PRIMARY KEY,
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        capture_method text NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
        status text NOT NULL,
        captured bigint NOT NULL DEFAULT 0,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE local_payment_intents');
  }
}
