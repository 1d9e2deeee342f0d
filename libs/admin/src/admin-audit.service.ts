import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@app/core';
import { Repository, type EntityManager } from 'typeorm';
import { AdminAuditEntry } from './admin-audit-entry.entity';
import { AuditEntryView } from './dto/admin.views';

export type AuditRecord = Pick<
  AdminAuditEntry,
  'actorId' | 'action' | 'targetType' | 'targetId' | 'reason'
> & { details?: Record<string, unknown> };

/** The admin audit log: written in the same transaction as the action it records. */
@Injectable()
export class AdminAudit {
  constructor(
    @InjectRepository(AdminAuditEntry) private readonly entries: Repository<AdminAuditEntry>,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.getRepository(AdminAuditEntry).insert({
      ...entry,
      details: (entry.details ?? {}) as never, // jsonb: TypeORM's insert typing cannot express it
      createdAt: this.clock.now(),
    });
  }

  /** Newest first, optionally for one record (`targetId`). */
  async list(
    page: { limit?: number; cursor?: string; targetId?: string } = {},
  ): Promise<Page<AuditEntryView>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.entries
      .createQueryBuilder('a')
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (page.targetId) qb.andWhere('a.target_id = :targetId', { targetId: page.targetId });
    if (page.cursor) {
      const after = decodeCursor(page.cursor, { at: 'string', id: 'string' });
      qb.andWhere('(a.created_at, a.id) < (:at::timestamptz, :id::uuid)', after);
    }
    return toPage(
      await qb.getMany(),
      limit,
      (e) => ({ at: e.createdAt.toISOString(), id: e.id }),
      AuditEntryView.of,
    );
  }
}
