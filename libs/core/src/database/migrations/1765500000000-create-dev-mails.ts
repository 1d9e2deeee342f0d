import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The development mailbox: outside production and without an SMTP server,
 * the worker keeps each mail here so `/dev/mailbox` can show it.
 */
export class CreateDevMails1765500000000 implements MigrationInterface {
  name = 'CreateDevMails1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dev_mails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        message_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    // Newest first, for everyone or for one recipient (`?to=`).
    await queryRunner.query(`CREATE INDEX ix_dev_mails_created_at ON dev_mails (created_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX ix_dev_mails_recipient_created_at ON dev_mails (lower(recipient), created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dev_mails`);
  }
}
