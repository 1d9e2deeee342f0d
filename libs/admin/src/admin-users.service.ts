import { Injectable } from '@nestjs/common';
import { AuthSessions } from '@app/auth';
import {
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  ErrorCode,
  NotFoundError,
  toPage,
  TransactionRunner,
  type Page,
} from '@app/core';
import { ListingCache } from '@app/listings';
import { User, UsersService } from '@app/users';
import type { EntityManager } from 'typeorm';
import { AdminAudit } from './admin-audit.service';
import { AdminUserView } from './dto/admin.views';

export interface AdminActor {
  id: string;
}

/** Finding accounts and suspending or reinstating them; every change is audited. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: AuthSessions,
    private readonly audit: AdminAudit,
    private readonly listingCache: ListingCache,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** By prefix of email or full name (any case), newest accounts first. */
  async search(query: {
    q?: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<AdminUserView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.users
      .repository()
      .createQueryBuilder('u')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(limit + 1);
    if (query.q) {
      const prefix = `${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        "(lower(u.email) LIKE :prefix OR lower(u.first_name || ' ' || u.last_name) LIKE :prefix)",
        { prefix },
      );
    }
    if (query.cursor) {
      const after = decodeCursor(query.cursor, { at: 'string', id: 'string' });
      qb.andWhere('(u.created_at, u.id) < (:at::timestamptz, :id::uuid)', after);
    }
    return toPage(
      await qb.getMany(),
      limit,
      (u) => ({ at: u.createdAt.toISOString(), id: u.id }),
      AdminUserView.of,
    );
  }

  async get(id: string): Promise<AdminUserView> {
    const user = await this.users.repository().findOneBy({ id });
    if (!user) throw new NotFoundError('User', id);
    return AdminUserView.of(user);
  }

  /**
   * The account cannot sign in, its access tokens stop working at once (they
   * are checked against the account on every request) and its listings leave
   * search. Admins cannot be suspended: demote first.
   */
  async suspend(admin: AdminActor, userId: string, reason: string): Promise<AdminUserView> {
    const view = await this.tx.run(async (manager) => {
      const user = await this.lock(manager, userId);
      if (user.role === 'admin')
        throw new DomainError(ErrorCode.FORBIDDEN, 'An admin cannot be suspended; demote first');
      if (user.suspendedAt)
        throw new DomainError(ErrorCode.CONFLICT, 'The account is already suspended');
      await manager
        .getRepository(User)
        .update({ id: userId }, { suspendedAt: this.clock.now(), suspensionReason: reason });
      await this.sessions.revokeUser(manager, userId);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'user.suspend',
        targetType: 'user',
        targetId: userId,
        reason,
      });
      return AdminUserView.of(await manager.getRepository(User).findOneByOrFail({ id: userId }));
    });
    await this.invalidateListingsOf(userId);
    return view;
  }

  /** Lifts a suspension; the user signs in again and their published listings return to search. */
  async reinstate(admin: AdminActor, userId: string, reason: string): Promise<AdminUserView> {
    const view = await this.tx.run(async (manager) => {
      const user = await this.lock(manager, userId);
      if (!user.suspendedAt)
        throw new DomainError(ErrorCode.CONFLICT, 'The account is not suspended');
      await manager
        .getRepository(User)
        .update({ id: userId }, { suspendedAt: null, suspensionReason: null });
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'user.reinstate',
        targetType: 'user',
        targetId: userId,
        reason,
        details: {
          suspendedAt: user.suspendedAt.toISOString(),
          suspensionReason: user.suspensionReason,
        },
      });
      return AdminUserView.of(await manager.getRepository(User).findOneByOrFail({ id: userId }));
    });
    await this.invalidateListingsOf(userId);
    return view;
  }

  private async lock(manager: EntityManager, id: string): Promise<User> {
    const user = await manager
      .getRepository(User)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user || user.deletedAt) throw new NotFoundError('User', id);
    return user;
  }

  /** Cached search pages and details must not show a suspended host's listings. */
  private async invalidateListingsOf(hostId: string): Promise<void> {
    const rows: { id: string }[] = await this.users
      .repository()
      .query('SELECT id FROM listings WHERE host_id = $1', [hostId]);
    for (const { id } of rows) await this.listingCache.invalidateListing(id);
  }
}
