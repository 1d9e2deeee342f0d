import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import type { EntityManager } from 'typeorm';
import { AuthSession } from './auth-session.entity';

/** Signs logins out: marks their sessions revoked (their access tokens stop working at once). */
@Injectable()
export class AuthSessions {
  constructor(private readonly clock: Clock) {}

  /** One login: every session descended from it. */
  revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    return this.revoke(manager, 'family_id = :familyId', { familyId });
  }

  /** Every login of the user, or every one but `keepFamilyId`. */
  revokeUser(manager: EntityManager, userId: string, keepFamilyId?: string): Promise<void> {
    return keepFamilyId
      ? this.revoke(manager, 'user_id = :userId AND family_id <> :keep', {
          userId,
          keep: keepFamilyId,
        })
      : this.revoke(manager, 'user_id = :userId', { userId });
  }

  private async revoke(
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
}
