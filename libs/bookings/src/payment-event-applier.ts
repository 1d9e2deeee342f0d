import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import {
  Payment,
  PAYMENT_PROVIDER,
  PaymentEvent,
  RefundRecord,
  type PaymentEventOutcome,
  type PaymentProvider,
} from '@app/payments';
import { DataSource, IsNull, Not } from 'typeorm';
import { BookingLifecycle } from './booking-lifecycle.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies stored provider events (worker job, job id = event id). An event is
 * only news that something changed: the payment or refund it names is read
 * again from the provider and that fresh state goes through BookingLifecycle,
 * which moves forward only. So repeated, late and out-of-order events are
 * harmless, and an event about an object we do not know is recorded and ignored.
 */
@Injectable()
export class PaymentEventApplier {
  private readonly logger = new Logger(PaymentEventApplier.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly lifecycle: BookingLifecycle,
  ) {}

  async apply(eventId: string): Promise<PaymentEventOutcome | undefined> {
    const events = this.dataSource.getRepository(PaymentEvent);
    const event = await events.findOne({ where: { id: eventId } });
    if (!event) return undefined;
    if (event.processedAt) return event.outcome ?? undefined;
    await events.increment({ id: eventId }, 'attempts', 1);
    let outcome: PaymentEventOutcome;
    try {
      outcome = await this.applySubject(event);
    } catch (error) {
      await events.update({ id: eventId }, { lastError: String(error).slice(0, 1000) });
      throw error;
    }
    await events.update(
      { id: eventId, processedAt: IsNull() },
      { processedAt: this.clock.now(), outcome, lastError: null },
    );
    this.logger.log({ eventId, type: event.type, outcome }, 'Payment event processed');
    return outcome;
  }

  private applySubject(event: PaymentEvent): Promise<PaymentEventOutcome> {
    if (!event.subjectRef) return Promise.resolve('ignored');
    const metadata = metadataOf(event.payload);
    if (event.subject === 'payment')
      return this.refreshPayment(event.subjectRef, metadata.payment_id);
    if (event.subject === 'refund') return this.refreshRefund(event.subjectRef, metadata.refund_id);
    return Promise.resolve('ignored');
  }

  /**
   * Reads the payment again and applies it, with its refunds still pending.
   * `paymentId` (the event's metadata) finds a payment whose reference was
   * never stored (the API stopped between the provider's answer and the update).
   */
  async refreshPayment(ref: string, paymentId?: string): Promise<PaymentEventOutcome> {
    const payments = this.dataSource.getRepository(Payment);
    let payment = await payments.findOne({
      where: { provider: this.provider.name, providerRef: ref },
    });
    if (!payment && paymentId && UUID.test(paymentId)) {
      const orphan = await payments.findOne({ where: { id: paymentId, providerRef: IsNull() } });
      if (orphan) {
        await payments.update({ id: orphan.id, providerRef: IsNull() }, { providerRef: ref });
        payment = { ...orphan, providerRef: ref };
      }
    }
    if (!payment) return 'ignored';
    const snapshot = await this.provider.retrieve(ref);
    await this.lifecycle.applyPayment(payment.id, snapshot);
    const pending = await this.dataSource.getRepository(RefundRecord).find({
      where: { paymentId: payment.id, status: 'pending', providerRef: Not(IsNull()) },
    });
    for (const refund of pending) await this.refreshRefund(refund.providerRef!, refund.id);
    return 'applied';
  }

  /** Reads the refund again and settles ours with its status. */
  async refreshRefund(ref: string, refundId?: string): Promise<PaymentEventOutcome> {
    const refunds = this.dataSource.getRepository(RefundRecord);
    const refund =
      (await refunds.findOne({ where: { providerRef: ref } })) ??
      (refundId && UUID.test(refundId) ? await refunds.findOne({ where: { id: refundId } }) : null);
    if (!refund) return 'ignored';
    const fresh = await this.provider.retrieveRefund(ref);
    await this.lifecycle.settleRefund(refund.id, fresh.refundRef, fresh.status);
    return 'applied';
  }
}

/** `data.object.metadata` of a stored event, as strings. */
function metadataOf(payload: Record<string, unknown>): Record<string, string | undefined> {
  const data = payload.data as { object?: { metadata?: unknown } } | undefined;
  const metadata = data?.object?.metadata;
  return metadata && typeof metadata === 'object' ? (metadata as Record<string, string>) : {};
}
