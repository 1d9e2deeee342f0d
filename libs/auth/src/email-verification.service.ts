import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, TransactionRunner } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { User, UsersService } from '@app/users';
import type { EntityManager } from 'typeorm';
import { AccountTokens } from './account-tokens';
import type { AuthUser } from './auth-user';

/** Proves an account owns its email: a mailed single-use link, valid for 24 hours. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly tokens: AccountTokens,
    private readonly outbox: NotificationOutbox,
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Writes a verification mail to the outbox in the caller's transaction; returns its id. */
  async enqueue(manager: EntityManager, user: User): Promise<string> {
    const token = await this.tokens.issue(manager, user.id, 'verify_email');
    return this.outbox.enqueueEmail(manager, {
      to: user.email,
      template: 'verify-email',
      data: {
        firstName: user.firstName,
        link: `${this.config.webAppUrl}/verify-email?token=${token}`,
      },
    });
  }

  /** Sends a fresh link (the previous one stops working); nothing when already verified. */
  async resend(caller: AuthUser): Promise<void> {
    const mailId = await this.tx.run(async (manager) => {
      const user = await this.users.repository(manager).findOneByOrFail({ id: caller.id });
      return user.emailVerifiedAt ? null : this.enqueue(manager, user);
    });
    if (mailId) await this.outbox.dispatch([mailId]);
  }

  /** Spends the token and marks the email verified (the first time only). */
  async verify(token: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const userId = await this.tokens.redeem(manager, token, 'verify_email');
      await this.users
        .repository(manager)
        .createQueryBuilder()
        .update()
        .set({ emailVerifiedAt: this.clock.now() })
        .where('id = :userId AND email_verified_at IS NULL AND deleted_at IS NULL', { userId })
        .execute();
    });
  }
}
