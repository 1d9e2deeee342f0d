import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Suspended accounts, and the audit log of every admin action. */
export class CreateAdminAuditAndSuspensions1764300000000 implements MigrationInterface {
  name = 'CreateAdminAuditAndSuspensions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN suspension_reason text`);
    await queryRunner.query(
      'CREATE INDEX users_suspended_idx ON users (id) WHERE suspended_at IS NOT NULL',
    );
    // Admin search: prefix matches on email and on the full name.
    await queryRunner.query(
      'CREATE INDEX users_email_prefix_idx ON users (lower(email) text_pattern_ops)',
    );
    await queryRunner.query(
      "CREATE INDEX users_name_idx ON users (lower(first_name || ' ' || last_name) text_pattern_ops)",
    );
    await queryRunner.query(`
      CREATE TABLE admin_audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid NOT NULL REFERENCES users (id),
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid NOT NULL,
        reason text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX admin_audit_log_created_idx ON admin_audit_log (created_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX admin_audit_log_target_idx ON admin_audit_log (target_type, target_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE admin_audit_log');
    await queryRunner.query('DROP INDEX users_name_idx');
    await queryRunner.query('DROP INDEX users_email_prefix_idx');
    await queryRunner.query('DROP INDEX users_suspended_idx');
    await queryRunner.query(
      'ALTER TABLE users DROP COLUMN suspension_reason, DROP COLUMN suspended_at',
    );
  }
}
