import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AppConfig, QueueName } from '@app/core';
import {
  NotificationJob,
  NotificationOutbox,
  OutboxDelivery,
  PermanentDeliveryError,
  type DeliveryResult,
  type PasswordResetRequestJobData,
  type SendEmailJobData,
} from '@app/notifications';
import { PasswordResetService } from '@app/auth';
import { UnrecoverableError, type Job } from 'bullmq';

export type NotificationJobResult =
  | { skipped: true }
  | { sent: true; messageId: string }
  | {
      requeued: number;
    }
  | { resetLinkSent: boolean };

/**
 * Consumes the `notifications` queue: sends outbox rows (at most once each,
 * however often the job runs) and runs the outbox sweeper.
 */
@Processor(QueueName.NOTIFICATIONS)
export class SendEmailProcessor extends WorkerHost {
  private readonly logger = new Logger(SendEmailProcessor.name);
  readonly concurrency: number;

  constructor(
    private readonly delivery: OutboxDelivery,
    private readonly outbox: NotificationOutbox,
    private readonly passwordReset: PasswordResetService,
    config: AppConfig,
  ) {
    super();
    this.concurrency = config.env.WORKER_EMAIL_CONCURRENCY;
  }

  async process(job: Job): Promise<NotificationJobResult> {
    switch (job.name) {
      case NotificationJob.SEND_EMAIL:
        return this.send(job as Job<SendEmailJobData>);
      case NotificationJob.SWEEP_OUTBOX: {
        const ids = await this.outbox.redispatchStale();
        if (ids.length > 0) this.logger.warn({ ids }, 'outbox sweeper re-queued pending emails');
        return { requeued: ids.length };
      }
      case NotificationJob.PASSWORD_RESET_REQUEST: {
        // The result says only whether a link went out; it never repeats the address.
        const sent = await this.passwordReset.sendLink(
          (job.data as PasswordResetRequestJobData).email,
        );
        return { resetLinkSent: sent };
      }
      default:
        throw new UnrecoverableError(`Unknown notifications job: ${job.name}`);
    }
  }

  private async send(job: Job<SendEmailJobData>): Promise<NotificationJobResult> {
    // attemptsMade counts the attempts before this one.
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let result: DeliveryResult;
    try {
      result = await this.delivery.deliver(job.data.outboxId, { isLastAttempt });
    } catch (error) {
      // The row is already marked failed: tell BullMQ not to retry.
      if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (result.status === 'skipped') return { skipped: true };
    this.logger.log({ outboxId: job.data.outboxId, messageId: result.messageId }, 'email sent');
    return { sent: true, messageId: result.messageId };
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.concurrency;
  }
}
