import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PaymentJobs } from './payment-jobs';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';

export interface ReceivedEvent {
  id: string;
  type: string;
  /** False when the event was already stored (a repeated delivery). */
  stored: boolean;
}

/**
 * The receiving half of webhooks: verify the delivery on its raw body, store
 * the event once (its id is the key) and queue it for the worker. Nothing is
 * applied here, so the provider gets its 200 fast and a crash after the
 * insert loses nothing (a redelivery or the reconciler queues it again).
 */
@Injectable()
export class PaymentWebhooks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly jobs: PaymentJobs,
  ) {}

  async receive(rawBody: Buffer | string, signature: string | undefined): Promise<ReceivedEvent> {
    const event = this.provider.webhookEvent(rawBody, signature);
    const inserted = (await this.dataSource.query(
      `INSERT INTO payment_events (id, provider, type, subject, subject_ref, provider_created_at, payload)
       VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        event.id,
        this.provider.name,
        event.type,
        event.subject?.kind ?? null,
        event.subject?.ref ?? null,
        event.created,
        JSON.parse(rawBody.toString()) as unknown,
      ],
    )) as unknown[];
    const stored = inserted.length === 1;
    if (!stored) {
      const [row] = (await this.dataSource.query(
        'SELECT processed_at FROM payment_events WHERE id = $1',
        [event.id],
      )) as { processed_at: Date | null }[];
      if (row?.processed_at) return { id: event.id, type: event.type, stored };
    }
    // The job id is the event id: a repeated delivery while the job exists adds nothing.
    await this.jobs.applyEvent(event.id);
    return { id: event.id, type: event.type, stored };
  }
}
