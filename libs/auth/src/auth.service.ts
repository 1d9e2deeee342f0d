import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  AppConfig,
  Clock,
  DomainError,
  ErrorCode,
  sqlStateOf,
  SqlState,
  TransactionRunner,
} from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { MeView, normalizeEmail, User, UsersService } from '@app/users';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuthSession } from './auth-session.entity';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import type { ChangePasswordInput, LoginInput, RegisterInput } from './dto/auth.inputs';
import type { AuthTokens } from './dto/auth-tokens.view';
import { hashToken, newOpaqueToken } from './opaque-token';
import { assertStrongPassword } from './password-policy';
import { PasswordHasher } from './passwords';

const DAY_MS = 24 * 3600 * 1000;
const invalidCredentials = () =>
  new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The email or password is incorrect');
const invalidRefresh = () =>
  new DomainError(ErrorCode.UNAUTHENTICATED, 'The refresh token is not valid');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly outbox: NotificationOutbox,
  ) {}

  async register(input: RegisterInput, userAgent?: string): Promise<AuthTokens> {
    const email = normalizeEmail(input.email);
    assertStrongPassword(input.password, email);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.tx.run(async (manager) => {
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email,
            passwordHash,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
          }),
        );
        return this.issue(
          manager,
          await this.users.repository(manager).findOneByOrFail({ id: user.id }),
          randomUUID(),
          userAgent,
        );
      });
    } catch (error) {
      if (sqlStateOf(error) === SqlState.UNIQUE_VIOLATION) {
        throw new DomainError(ErrorCode.EMAIL_TAKEN, 'An account with this email already exists', {
          fieldErrors: [{ field: 'email', message: 'email is already registered' }],
        });
      }
      throw error;
    }
  }

  /** Unknown email and wrong password answer the same, in the same time. */
  async login(input: LoginInput, userAgent?: string): Promise<AuthTokens> {
    const user = await this.users.findForLogin(input.email);
    const ok = user
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyNothing(input.password);
    if (!user || !ok) throw invalidCredentials();
    return this.tx.run((manager) => this.issue(manager, user, randomUUID(), userAgent));
  }

  /**
   * Rotates a refresh token. A token presented a second time means it was
   * copied: the whole family (every session descended from that login) is revoked.
   */
  async refresh(refreshToken: string, userAgent?: string): Promise<AuthTokens> {
    const outcome = await this.tx.run(async (manager) => {
      const sessions = manager.getRepository(AuthSession);
      const session = await sessions.findOne({
        where: { tokenHash: hashToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session || session.revokedAt || session.expiresAt <= this.clock.now())
        return { error: invalidRefresh() };
      if (session.usedAt) {
        await this.revokeFamily(manager, session.familyId);
        return {
          error: new DomainError(
            ErrorCode.UNAUTHENTICATED,
            'This refresh token was already used; every session of this login is now signed out',
          ),
        };
      }
      const user = await this.users.repository(manager).findOneBy({ id: session.userId });
      if (!user || user.deletedAt) return { error: invalidRefresh() };
      await sessions.update({ id: session.id }, { usedAt: this.clock.now() });
      return { tokens: await this.issue(manager, user, session.familyId, userAgent) };
    });
    // Revocation must commit even though the caller gets an error.
    if (outcome.error) throw outcome.error;
    return outcome.tokens;
  }

  /**
   * Needs the current password; signs out every other login of the account
   * (the caller's stays) and tells the owner by email.
   */
  async changePassword(caller: AuthUser, input: ChangePasswordInput): Promise<void> {
    const user = await this.users.findWithPasswordHash(caller.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, input.currentPassword))) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The current password is incorrect');
    }
    assertStrongPassword(input.newPassword, user.email);
    const passwordHash = await this.passwords.hash(input.newPassword);
    const mailId = await this.tx.run(async (manager) => {
      await this.users.repository(manager).update({ id: user.id }, { passwordHash });
      await this.revokeSessions(manager, 'user_id = :userId AND family_id <> :keep', {
        userId: user.id,
        keep: caller.sessionFamilyId,
      });
      return this.outbox.enqueueEmail(manager, {
        to: user.email,
        template: 'password-changed',
        data: { firstName: user.firstName },
      });
    });
    await this.outbox.dispatch([mailId]);
  }

  /** Signs out the login that issued this refresh token (idempotent). */
  async logout(refreshToken: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const session = await manager
        .getRepository(AuthSession)
        .findOneBy({ tokenHash: hashToken(refreshToken) });
      if (session) await this.revokeFamily(manager, session.familyId);
    });
  }

  /** Signs out the login an access token belongs to. */
  async logoutSession(user: AuthUser): Promise<void> {
    await this.tx.run((manager) => this.revokeFamily(manager, user.sessionFamilyId));
  }

  /** Resolves verified access-token claims to a caller, or null when the login or account is gone. */
  async authenticate(claims: AccessTokenClaims): Promise<AuthUser | null> {
    const rows: { id: string; role: AuthUser['role']; is_host: boolean }[] = await this.users
      .repository()
      .query(
        `SELECT u.id, u.role, u.is_host FROM users u
        WHERE u.id = $1 AND u.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM auth_sessions s WHERE s.family_id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL)`,
        [claims.sub, claims.sid],
      );
    const row = rows[0];
    return row
      ? { id: row.id, role: row.role, isHost: row.is_host, sessionFamilyId: claims.sid }
      : null;
  }

  private revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    return this.revokeSessions(manager, 'family_id = :familyId', { familyId });
  }

  /** Marks the matching live sessions revoked (their access tokens stop working at once). */
  private async revokeSessions(
    manager: EntityManager,
    where: string,
    params: Record<string, string>,
  ): Promise<void> {
    await manager
      .getRepository(AuthSession)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now() })
      .where(`${where} AND revoked_at IS NULL`, params)
      .execute();
  }

  private async issue(
    manager: EntityManager,
    user: User,
    familyId: string,
    userAgent?: string,
  ): Promise<AuthTokens> {
    const refreshToken = newOpaqueToken();
    await manager.getRepository(AuthSession).insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(
        this.clock.now().getTime() + this.config.env.REFRESH_TOKEN_TTL_DAYS * DAY_MS,
      ),
      userAgent: userAgent?.slice(0, 500) ?? null,
    });
    const claims: AccessTokenClaims = { sub: user.id, sid: familyId, role: user.role };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.env.JWT_ACCESS_TTL_SECONDS,
      user: MeView.of(user),
    };
  }
}
