import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName, TransactionRunner } from '@app/core';
import {
  NotificationJob,
  NotificationOutbox,
  OUTBOX_SWEEPER_ID,
  type EmailMessage,
} from '@app/notifications';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createWorker, type WorkerApp } from '../apps/worker/src/worker.factory';
import { linkInHtml, MailCatcher } from './support/mail-catcher';
import { eventually } from './support/processes';
import { testConfig, QUEUE_BACKENDS } from './support/test-env';

interface OutboxRow {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

describe.each(QUEUE_BACKENDS)(
  'email outbox -> worker -> SMTP on the $name queue backend',
  ({ redisUrl }) => {
    const smtp = new MailCatcher();
    let worker: WorkerApp | undefined;
    let outbox: NotificationOutbox;
    let transactions: TransactionRunner;
    let dataSource: DataSource;
    let queue: Queue;

    beforeAll(async () => {
      await smtp.start();
      const config = await testConfig({
        REDIS_URL: redisUrl,
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Marketplace <no-reply@marketplace.test>',
      });
      worker = await createWorker(config);
      outbox = worker.app.get(NotificationOutbox);
      transactions = worker.app.get(TransactionRunner);
      dataSource = worker.app.get(DataSource);
      queue = worker.app.get<Queue>(getQueueToken(QueueName.NOTIFICATIONS), { strict: false });
    });

    afterAll(async () => {
      await worker?.app.close();
      await smtp.stop();
    });

    const newAddress = () => `guest-${randomUUID()}@example.test`;
    const verifyEmail = (to: string): EmailMessage => ({
      to,
      template: 'verify-email',
      data: { firstName: 'Ada', link: `https://marketplace.test/verify?token=${randomUUID()}&x=1` },
      correlationId: randomUUID(),
    });
    const enqueue = (message: EmailMessage) =>
      transactions.run((manager) => outbox.enqueueEmail(manager, message));
    const row = async (id: string): Promise<OutboxRow | undefined> =>
      (
        (await dataSource.query(
          'SELECT status, attempts, last_error, sent_at FROM outbox_messages WHERE id = $1',
          [id],
        )) as OutboxRow[]
      )[0];
    const jobResult = (jobId: string) =>
      eventually(async () => {
        const job = await queue.getJob(jobId);
        return job && (await job.getState()) === 'completed'
          ? (job.returnvalue as unknown)
          : undefined;
      });
    /** Time for a duplicate to arrive, if the code were wrong. */
    const settle = () => new Promise((r) => setTimeout(r, 500));

    it('sends a committed outbox row once: right recipient, subject and link in both parts', async () => {
      const to = newAddress();
      const message = verifyEmail(to);
      const id = await enqueue(message);
      expect((await row(id))?.status).toBe('pending');
      await outbox.dispatch([id]);

      const [mail] = await eventually(async () =>
        smtp.to(to).length > 0 ? smtp.to(to) : undefined,
      );
      expect(mail.subject).toBe('Confirm your email address');
      expect(mail.from?.value[0].address).toBe('no-reply@marketplace.test');
      expect(mail.text).toContain(message.data.link);
      expect(linkInHtml(String(mail.html))).toBe(message.data.link);
      expect(mail.messageId).toContain(id);
      const sent = await eventually(async () => {
        const r = await row(id);
        return r?.status === 'sent' ? r : undefined;
      });
      expect(sent.attempts).toBe(1);
      expect(sent.sent_at).toBeInstanceOf(Date);

      // Dispatched again, and a second job for the same row: nothing more is sent.
      await outbox.dispatch([id]);
      await queue.add(NotificationJob.SEND_EMAIL, { outboxId: id }, { jobId: `again-${id}` });
      expect(await jobResult(`again-${id}`)).toEqual({ skipped: true });
      await settle();
      expect(smtp.to(to)).toHaveLength(1);
      expect((await row(id))?.attempts).toBe(1);
    });

    it('two jobs for the same row at the same time still send one mail', async () => {
      const to = newAddress();
      const id = await enqueue(verifyEmail(to));
      await Promise.all([
        outbox.dispatch([id]),
        queue.add(NotificationJob.SEND_EMAIL, { outboxId: id }, { jobId: `twin-${id}` }),
        queue.add(NotificationJob.SEND_EMAIL, { outboxId: id }, { jobId: `triplet-${id}` }),
      ]);
      await Promise.all([jobResult(id), jobResult(`twin-${id}`), jobResult(`triplet-${id}`)]);
      await settle();
      expect(smtp.to(to)).toHaveLength(1);
      expect((await row(id))?.status).toBe('sent');
    });

    it('a rolled-back transaction leaves no outbox row and sends nothing', async () => {
      const to = newAddress();
      let id = '';
      await expect(
        transactions.run(async (manager) => {
          id = await outbox.enqueueEmail(manager, verifyEmail(to));
          throw new Error('the business change failed');
        }),
      ).rejects.toThrow('the business change failed');
      expect(id).not.toBe('');
      expect(await row(id)).toBeUndefined();

      await outbox.dispatch([id]); // a buggy caller dispatching anyway
      expect(await jobResult(id)).toEqual({ skipped: true });
      await settle();
      expect(smtp.to(to)).toHaveLength(0);
    });

    it('a template variable that is missing fails the transaction, not the worker', async () => {
      await expect(
        enqueue({ to: newAddress(), template: 'password-reset', data: { firstName: 'Ada' } }),
      ).rejects.toThrow(/link/);
    });

    it('retries with backoff when the SMTP server refuses, and records the attempts', async () => {
      const to = newAddress();
      smtp.refuseNextMailsTo(to);
      const message = verifyEmail(to);
      const id = await enqueue(message);
      await outbox.dispatch([id]);

      const failedOnce = await eventually(async () => {
        const r = await row(id);
        return r && r.attempts >= 1 ? r : undefined;
      });
      expect(failedOnce.last_error).toMatch(/451|Greylisted/);

      const [mail] = await eventually(async () =>
        smtp.to(to).length > 0 ? smtp.to(to) : undefined,
      );
      expect(mail.text).toContain(message.data.link);
      const sent = await eventually(async () => {
        const r = await row(id);
        return r?.status === 'sent' ? r : undefined;
      });
      expect(sent.attempts).toBe(2);
      expect(sent.last_error).toBeNull();
      const job = await queue.getJob(id);
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(1);
      await settle();
      expect(smtp.to(to)).toHaveLength(1);
    });

    it('after the last attempt the row is failed, nothing was sent, and the sweeper leaves it alone', async () => {
      const to = newAddress();
      smtp.refuseNextMailsTo(to, 2);
      const id = await enqueue(verifyEmail(to));
      // Two quick attempts instead of the default five with a long backoff.
      await queue.add(
        NotificationJob.SEND_EMAIL,
        { outboxId: id },
        { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 100 } },
      );
      const failed = await eventually(async () => {
        const r = await row(id);
        return r?.status === 'failed' ? r : undefined;
      });
      expect(failed.attempts).toBe(2);
      expect(failed.last_error).toMatch(/451|Greylisted/);
      expect(
        await eventually(async () =>
          (await queue.getJobState(id)) === 'failed' ? true : undefined,
        ),
      ).toBe(true);
      expect(await outbox.redispatchStale({ olderThanMs: 0 })).not.toContain(id);
      expect(smtp.to(to)).toHaveLength(0);
    });

    it('the sweeper sends a committed row whose dispatch was lost; the scheduler is registered', async () => {
      expect(await queue.getJobScheduler(OUTBOX_SWEEPER_ID)).toMatchObject({
        every: 15_000,
        name: NotificationJob.SWEEP_OUTBOX,
      });
      const to = newAddress();
      const id = await enqueue(verifyEmail(to)); // "crash" before dispatch
      expect(await outbox.redispatchStale({ olderThanMs: 60_000 })).not.toContain(id);
      expect(await outbox.redispatchStale({ olderThanMs: 0 })).toContain(id);
      await eventually(async () => (smtp.to(to).length > 0 ? true : undefined));
      // Sweeping again (from any number of workers) does not send it again.
      await Promise.all([
        outbox.redispatchStale({ olderThanMs: 0 }),
        outbox.redispatchStale({ olderThanMs: 0 }),
      ]);
      await settle();
      expect(smtp.to(to)).toHaveLength(1);
      expect((await row(id))?.status).toBe('sent');
    });
  },
);
