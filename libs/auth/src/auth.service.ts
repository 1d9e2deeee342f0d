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
import { AuthSessions } from './auth-sessions';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import type { ChangePasswordInput, LoginInput, RegisterInput } from './dto/auth.inputs';
import type { AuthTokens } from './dto/auth-tokens.view';
import { hashToken, newOpaqueToken } from './opaque-token';
import { assertStrongPassword } from './password-policy';
import { EmailVerificationService } from './email-verification.service';
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
    private readonly sessions: AuthSessions,
    private readonly verification: EmailVerificationService,
  ) {}

  async register(input: RegisterInput, userAgent?: string): Promise<AuthTokens> {
    const email = normalizeEmail(input.email);
    await assertStrongPassword(input.password, {
      email,
      firstName: input.firstName,
      lastName: input.lastName,
    });
    const passwordHash = await this.passwords.hash(input.password);
    try {
      const { tokens, mailId } = await this.tx.run(async (manager) => {
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email,
            passwordHash,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
          }),
        );
        const created = await this.users.repository(manager).findOneByOrFail({ id: user.id });
        return {
          mailId: await this.verification.enqueue(manager, created),
          tokens: await this.issue(manager, created, randomUUID(), userAgent),
        };
      });
      await this.outbox.dispatch([mailId]);
      return tokens;
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
    // Said only to whoever knows the password: it reveals nothing to a guesser.
    if (user.suspendedAt)
      throw new DomainError(ErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    const rehash = this.passwords.needsRehash(user.passwordHash)
      ? await this.passwords.hash(input.password)
      : undefined;
    return this.tx.run(async (manager) => {
      // Only if the hash is still the one just checked: a concurrent password change wins.
      if (rehash)
        await this.users
          .repository(manager)
          .update({ id: user.id, passwordHash: user.passwordHash }, { passwordHash: rehash });
      return this.issue(manager, user, randomUUID(), userAgent);
    });
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
        await this.sessions.revokeFamily(manager, session.familyId);
        return {
          error: new DomainError(
            ErrorCode.UNAUTHENTICATED,
            'This refresh token was already used; every session of this login is now signed out',
          ),
        };
      }
      const user = await this.users.repository(manager).findOneBy({ id: session.userId });
      if (!user || user.deletedAt || user.suspendedAt) return { error: invalidRefresh() };
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
    await assertStrongPassword(input.newPassword, user);
    const passwordHash = await this.passwords.hash(input.newPassword);
    const mailId = await this.tx.run(async (manager) => {
      await this.users.repository(manager).update({ id: user.id }, { passwordHash });
      await this.sessions.revokeUser(manager, user.id, caller.sessionFamilyId);
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
      if (session) await this.sessions.revokeFamily(manager, session.familyId);
    });
  }

  /** Signs out the login an access token belongs to. */
  async logoutSession(user: AuthUser): Promise<void> {
    await this.tx.run((manager) => this.sessions.revokeFamily(manager, user.sessionFamilyId));
  }

  /** The caller behind a raw access token (for routes outside Nest's guards), or null. */
  async verifyAccessToken(token: string): Promise<AuthUser | null> {
    try {
      return await this.authenticate(await this.jwt.verifyAsync<AccessTokenClaims>(token));
    } catch {
      return null;
    }
  }

  /** Resolves verified access-token claims to a caller, or null when the login or account is gone. */
  async authenticate(claims: AccessTokenClaims): Promise<AuthUser | null> {
    const rows: {
      id: string;
      role: AuthUser['role'];
      is_host: boolean;
      unverified_email: string | null;
    }[] = await this.users.repository().query(
      `SELECT u.id, u.role, u.is_host, 
          CASE WHEN u.email_verified_at IS NULL THEN u.email END AS unverified_email
        FROM users u
        WHERE u.id = $1 AND u.deleted_at IS NULL AND u.suspended_at IS NULL
          AND EXISTS (SELECT 1 FROM auth_sessions s WHERE s.family_id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL)`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          role: row.role,
          isHost: row.is_host,
          unverifiedEmail: row.unverified_email,
          sessionFamilyId: claims.sid,
        }
      : null;
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
