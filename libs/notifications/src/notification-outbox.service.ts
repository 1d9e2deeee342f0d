import { QueueName } from '@app/core';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { Repository, type EntityManager } from 'typeorm';
import type { EmailTemplateName } from './email-template-name';
import { EmailTemplates } from './email-templates';
import {
  NotificationJob,
  OUTBOX_STALE_AFTER_MS,
  OUTBOX_SWEEP_BATCH,
  type NotificationJobData,
} from './notification-jobs';
import { OutboxMessage } from './outbox-message.entity';

export interface EmailMessage {
  to: string;
  template: EmailTemplateName;
  data: Record<string, string>;
  correlationId?: string;
}

/**
 * The producer side of notifications. A service calls `enqueueEmail` inside
 * its transaction (the row commits or rolls back with the change) and
 * `dispatch` after the commit; the sweeper covers a crash in between.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue<NotificationJobData>,
    private readonly templates: EmailTemplates,
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
  ) {}

  /** Writes the outbox row with the caller's transaction; returns its id for `dispatch`. */
  async enqueueEmail(manager: EntityManager, message: EmailMessage): Promise<string> {
    // Rendering now makes a bad variable fail the caller's request (and roll it
    // back) instead of failing in the worker long after.
    this.templates.render(message.template, message.data);
    const result = await manager.getRepository(OutboxMessage).insert({
      channel: 'email',
      template: message.template,
      recipient: message.to,
      data: message.data,
      correlationId: message.correlationId ?? null,
    });
    return (result.identifiers[0] as { id: string }).id;
  }

  /**
   * Queues one send job per row, after the commit. The job id is the row id,
   * so dispatching a row again while its job exists adds nothing.
   */
  async dispatch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(
      ids.map((outboxId) => ({
        name: NotificationJob.SEND_EMAIL,
        data: { outboxId },
        // Attempts and backoff come from the queue's defaults (DEFAULT_JOB_OPTIONS).
        opts: { jobId: outboxId },
      })),
    );
  }

  /**
   * The sweeper: re-queues pending rows older than `olderThanMs`. Safe from
   * any number of processes at once, because queuing is keyed by the row id.
   * A finished job whose row is still pending (its send was rolled back, or
   * it ran before the row was committed) is removed first so the id can be
   * queued again; a waiting, delayed or running job is left alone.
   */
  async redispatchStale({
    olderThanMs = OUTBOX_STALE_AFTER_MS,
    limit = OUTBOX_SWEEP_BATCH,
  } = {}): Promise<string[]> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where(`m.status = 'pending'`)
      // created_at is the database's clock, so compare with the database's clock.
      .andWhere(`m.created_at < now() - make_interval(secs => :secs)`, {
        secs: olderThanMs / 1000,
      })
      .orderBy('m.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    const ids = rows.map((r) => r.id);
    for (const id of ids) {
      const state = await this.queue.getJobState(id);
      if (state === 'completed' || state === 'failed') await this.queue.remove(id);
    }
    await this.dispatch(ids);
    return ids;
  }
}
