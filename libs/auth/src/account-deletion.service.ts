import { Injectable, Logger } from '@nestjs/common';
import { BookingsService } from '@app/bookings';
import { DomainError, ErrorCode, TransactionRunner } from '@app/core';
import { PublicProfileCache, UsersService } from '@app/users';
import { AccountTokens } from './account-tokens';
import { AuthSessions } from './auth-sessions';
import type { AuthUser } from './auth-user';
import { PasswordHasher } from './passwords';

/**
 * Closing an account: a host's listings leave the site and their upcoming
 * stays are cancelled (guests refunded in full), then personal data is
 * anonymised, every login is signed out, and the row stays so that bookings,
 * payments, payouts and reviews keep pointing at it.
 */
@Injectable()
export class AccountDeletionService {
  private readonly logger = new Logger(AccountDeletionService.name);

  constructor(
    private readonly bookings: BookingsService,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccountTokens,
    private readonly sessions: AuthSessions,
    private readonly tx: TransactionRunner,
    private readonly profiles: PublicProfileCache,
  ) {}

  /** Needs the password, so a stolen access token alone cannot close the account. */
  async delete(caller: AuthUser, password: string): Promise<void> {
    const user = await this.users.findWithPasswordHash(caller.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, password))) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The password is incorrect');
    }
    // Before anonymising, so guests are emailed while the host's listing still has its name.
    const departure = await this.bookings.hostLeaves(user.id);
    await this.tx.run(async (manager) => {
      await this.users.anonymise(manager, user.id);
      await this.tokens.revokeAll(manager, user.id);
      await this.sessions.revokeUser(manager, user.id);
    });
    await this.profiles.invalidate();
    // The audit trail of a self-deletion: this line, and each booking's history names the host.
    this.logger.log({ userId: user.id, ...departure }, 'Account closed');
  }
}
