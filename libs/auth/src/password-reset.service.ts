import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { AppConfig, QueueName, TransactionRunner } from '@app/core';
import { NotificationJob, NotificationOutbox, type NotificationJobData } from '@app/notifications';
import { normalizeEmail, UsersService } from '@app/users';
import type { Queue } from 'bullmq';
import { AccountTokens } from './account-tokens';
import { AuthSessions } from './auth-sessions';
import { assertStrongPassword } from './password-policy';
import { PasswordHasher } from './passwords';

/** "Forgot password": a mailed single-use link, valid for one hour. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly tokens: AccountTokens,
    private readonly sessions: AuthSessions,
    private readonly outbox: NotificationOutbox,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue<NotificationJobData>,
  ) {}

  /**
   * Queues the request without looking the email up: known and unknown emails
   * cost the same work and time, so the answer reveals nothing about who has
   * an account. The worker runs `sendLink`.
   */
  async request(email: string): Promise<void> {
    await this.queue.add(NotificationJob.PASSWORD_RESET_REQUEST, { email: normalizeEmail(email) });
  }

  /**
   * Mails a reset link when the email belongs to an account; nothing otherwise.
   * True when a link was queued.
   */
  async sendLink(email: string): Promise<boolean> {
    const user = await this.users.findByEmail(email);
    if (!user) return false;
    const mailId = await this.tx.run(async (manager) => {
      const token = await this.tokens.issue(manager, user.id, 'reset_password');
      return this.outbox.enqueueEmail(manager, {
        to: user.email,
        template: 'password-reset',
        data: {
          firstName: user.firstName,
          link: `${this.config.webAppUrl}/reset-password?token=${token}`,
        },
      });
    });
    await this.outbox.dispatch([mailId]);
    return true;
  }

  /**
   * Sets a new password with a valid link, signs out every login of the account
   * (whoever had the old password is out) and tells the owner by email.
   */
  async reset(token: string, newPassword: string): Promise<void> {
    const mailId = await this.tx.run(async (manager) => {
      const userId = await this.tokens.redeem(manager, token, 'reset_password');
      const user = await this.users.repository(manager).findOneBy({ id: userId });
      if (!user || user.deletedAt) return null;
      await assertStrongPassword(newPassword, user);
      const passwordHash = await this.passwords.hash(newPassword);
      await this.users.repository(manager).update({ id: user.id }, { passwordHash });
      await this.tokens.revokeAll(manager, user.id);
      await this.sessions.revokeUser(manager, user.id);
      return this.outbox.enqueueEmail(manager, {
        to: user.email,
        template: 'password-changed',
        data: { firstName: user.firstName },
      });
    });
    if (mailId) await this.outbox.dispatch([mailId]);
  }
}
