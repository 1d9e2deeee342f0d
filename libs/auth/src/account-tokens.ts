import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@app/core';
import { IsNull, type EntityManager } from 'typeorm';
import { AccountToken, type AccountTokenPurpose } from './account-token.entity';
import { hashToken, newOpaqueToken } from './opaque-token';

const HOUR_MS = 3600 * 1000;

/** How long a mailed token works: a day to verify an email, an hour to reset a password. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * HOUR_MS,
  reset_password: HOUR_MS,
};

const invalidToken = () =>
  new DomainError(ErrorCode.INVALID_TOKEN, 'This link is invalid, expired or was already used');

/** Issues and redeems the single-use tokens behind email-verification and password-reset links. */
@Injectable()
export class AccountTokens {
  constructor(private readonly clock: Clock) {}

  /** A new token for the user; earlier unused ones of the same purpose stop working. */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: AccountTokenPurpose,
  ): Promise<string> {
    const token = newOpaqueToken();
    const now = this.clock.now();
    const tokens = manager.getRepository(AccountToken);
    await tokens.update({ userId, purpose, usedAt: IsNull() }, { usedAt: now });
    await tokens.insert({
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[purpose]),
    });
    return token;
  }

  /**
   * Spends a token and answers its user id. The row lock makes two concurrent
   * redemptions of one token succeed once.
   */
  async redeem(
    manager: EntityManager,
    token: string,
    purpose: AccountTokenPurpose,
  ): Promise<string> {
    const tokens = manager.getRepository(AccountToken);
    const row = await tokens.findOne({
      where: { tokenHash: hashToken(token), purpose },
      lock: { mode: 'pessimistic_write' },
    });
    const now = this.clock.now();
    if (!row || row.usedAt || row.expiresAt <= now) throw invalidToken();
    await tokens.update({ id: row.id }, { usedAt: now });
    return row.userId;
  }

  /** Every open token of the user stops working (password changed, account deleted). */
  async revokeAll(manager: EntityManager, userId: string): Promise<void> {
    await manager
      .getRepository(AccountToken)
      .update({ userId, usedAt: IsNull() }, { usedAt: this.clock.now() });
  }
}
