import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing notifications are rows written in the business transaction, so a
 * crash between the commit and the queue loses nothing (the sweeper re-queues
 * pending rows) and the worker can tell a sent message from a pending one.
 */
export class CreateOutboxMessages1763942500000 implements MigrationInterface {
  name = 'CreateOutboxMessages1763942500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox_messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "channel" text NOT NULL,
        "template" text NOT NULL,
        "recipient" text NOT NULL,
        "data" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "correlation_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("id"),
        CONSTRAINT "ck_outbox_messages_channel" CHECK ("channel" IN ('email')),
        CONSTRAINT "ck_outbox_messages_status" CHECK ("status" IN ('pending', 'sent', 'failed'))
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_messages_status_created_at" ON "outbox_messages" ("status", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS "outbox_messages"');
  }
}
