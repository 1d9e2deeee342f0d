import { AppConfig, Clock, TransactionRunner } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { isEmailTemplateName, type EmailTemplateName } from './email-template-name';
import type { RenderedEmail } from './email-templates';
import { MailSender, type EmailToSend } from './mail-sender.service';
import { OutboxMessage } from './outbox-message.entity';

export type DeliveryResult =
  | { status: 'sent'; messageId: string }
  /** No pending row: already sent, given up on, or being sent by another job right now. */
  | { status: 'skipped' };

export interface DeliveryAttempt {
  /** The queue will not retry after this attempt: a failure marks the row `failed`. */
  isLastAttempt: boolean;
}

/** A failure that retrying cannot fix (the template does not fit the data). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * The consumer side: sends one outbox row at most once. The row is locked
 * (`FOR UPDATE SKIP LOCKED`, status `pending`) for the whole send and marked
 * `sent` in the same transaction, so a second job for the same row, running
 * at the same time or later, finds nothing to do.
 */
@Injectable()
export class OutboxDelivery {
  private readonly logger = new Logger(OutboxDelivery.name);
  private readonly messageIdDomain: string;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.messageIdDomain = new URL(config.publicUrl).hostname || 'localhost';
  }

  async deliver(outboxId: string, attempt: DeliveryAttempt): Promise<DeliveryResult> {
    const outcome = await this.transactions.run(async (manager) => {
      const repo = manager.getRepository(OutboxMessage);
      const row = await repo
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('m.id = :id', { id: outboxId })
        .andWhere(`m.status = 'pending'`)
        .getOne();
      if (!row) return { status: 'skipped' } as const;

      const email: EmailToSend = {
        to: row.recipient,
        template: row.template as EmailTemplateName,
        data: row.data,
        // Stable per row: a receiving server can spot a duplicate if a commit is ever lost.
        messageId: `<${row.id}@${this.messageIdDomain}>`,
      };
      const fail = async (error: unknown, permanent: boolean) => {
        // Recorded (and committed) before the error goes back to the queue for a retry.
        await repo.update(row.id, {
          status: permanent || attempt.isLastAttempt ? 'failed' : 'pending',
          attempts: row.attempts + 1,
          lastError: errorText(error),
        });
        return { status: 'error', error, permanent } as const;
      };

      let rendered: RenderedEmail;
      try {
        if (!isEmailTemplateName(row.template)) throw new Error(`Unknown template ${row.template}`);
        rendered = this.sender.render(email);
      } catch (error) {
        return fail(error, true);
      }
      try {
        const { messageId } = await this.sender.send(email, rendered);
        await repo.update(row.id, {
          status: 'sent',
          sentAt: this.clock.now(),
          attempts: row.attempts + 1,
          lastError: null,
        });
        return { status: 'sent', messageId } as const;
      } catch (error) {
        return fail(error, false);
      }
    });

    if (outcome.status === 'error') {
      this.logger.warn(
        { outboxId, error: errorText(outcome.error), lastAttempt: attempt.isLastAttempt },
        'email not sent',
      );
      if (outcome.permanent) throw new PermanentDeliveryError(errorText(outcome.error));
      throw outcome.error;
    }
    return outcome;
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
