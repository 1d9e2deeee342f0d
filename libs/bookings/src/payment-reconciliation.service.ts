import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, Metrics } from '@app/core';
import { PAYMENT_PROVIDER, type PaymentProvider } from '@app/payments';
import { DataSource } from 'typeorm';
import { BookingLifecycle } from './booking-lifecycle.service';
import { PaymentEventApplier } from './payment-event-applier';

/** At most this many records of each kind per run; the next run takes the rest. */
const BATCH = 200;
/** Events still unapplied this long after they arrived are applied by the reconciler. */
const EVENT_GRACE_MS = 60_000;

export interface ReconciliationReport {
  payments: number;
  refunds: number;
  events: number;
  /** Payments, refunds and bookings whose state changed. */
  repaired: number;
  /** Bookings whose money breaks the invariant (see `invariantViolations`). */
  violations: number;
}

/**
 * Rows breaking the payment invariant: a confirmed or completed booking whose
 * captured amount is not its total, or a payout scheduled for a booking
 * nothing was captured for. Either means money and bookings disagree.
 */
const INVARIANT_VIOLATIONS = `
  SELECT b.id AS booking_id, 'confirmed_without_capture' AS rule
    FROM bookings b LEFT JOIN payments p ON p.booking_id = b.id
   WHERE b.status IN ('confirmed', 'completed')
     AND (p.id IS NULL OR p.status NOT IN ('succeeded', 'partially_refunded', 'refunded')
          OR p.amount_captured <> b.total)
  UNION ALL
  SELECT po.booking_id, 'payout_without_capture'
    FROM payouts po LEFT JOIN payments p ON p.booking_id = po.booking_id
   WHERE po.status = 'scheduled' AND coalesce(p.amount_captured, 0) = 0
  ORDER BY 1 LIMIT 100`;

/**
 * The safety net under webhooks (periodic job): payments and refunds that are
 * not final yet are read again from the provider and applied, so a lost or
 * failed webhook never strands a booking; accepted requests still authorised
 * are captured and dead bookings' authorisations released; stored events the
 * worker never applied are applied.
 */
@Injectable()
export class PaymentReconciliation {
  private readonly logger = new Logger(PaymentReconciliation.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly lifecycle: BookingLifecycle,
    private readonly applier: PaymentEventApplier,
    private readonly metrics: Metrics,
  ) {}

  async run(): Promise<ReconciliationReport> {
    const report: ReconciliationReport = {
      payments: 0,
      refunds: 0,
      events: 0,
      repaired: 0,
      violations: 0,
    };
    const payments = (await this.dataSource.query(
      `SELECT id, booking_id, provider_ref FROM payments
        WHERE provider = $1 AND provider_ref IS NOT NULL
          AND status IN ('requires_payment', 'failed', 'authorized')
        ORDER BY updated_at LIMIT $2`,
      [this.provider.name, BATCH],
    )) as { id: string; booking_id: string; provider_ref: string }[];
    for (const payment of payments) {
      report.payments++;
      try {
        if (await this.repairPayment(payment.id, payment.booking_id, payment.provider_ref))
          report.repaired++;
      } catch (error) {
        this.logger.warn({ err: error, paymentId: payment.id }, 'Could not reconcile a payment');
      }
    }

    const refunds = (await this.dataSource.query(
      `SELECT r.id, r.provider_ref FROM refunds r JOIN payments p ON p.id = r.payment_id
        WHERE r.status = 'pending' AND p.provider = $1 ORDER BY r.created_at LIMIT $2`,
      [this.provider.name, BATCH],
    )) as { id: string; provider_ref: string | null }[];
    for (const refund of refunds) {
      report.refunds++;
      try {
        // Never sent (its job failed for good): send it, with the same idempotency key.
        if (!refund.provider_ref) await this.lifecycle.refund(refund.id);
        else await this.applier.refreshRefund(refund.provider_ref, refund.id);
        if (await this.changed('refunds', refund.id, 'pending')) report.repaired++;
      } catch (error) {
        this.logger.warn({ err: error, refundId: refund.id }, 'Could not reconcile a refund');
      }
    }

    const events = (await this.dataSource.query(
      `SELECT id FROM payment_events WHERE processed_at IS NULL AND received_at <= $1
        ORDER BY received_at LIMIT $2`,
      [new Date(this.clock.now().getTime() - EVENT_GRACE_MS), BATCH],
    )) as { id: string }[];
    for (const { id } of events) {
      report.events++;
      try {
        await this.applier.apply(id);
      } catch (error) {
        this.logger.warn({ err: error, eventId: id }, 'Could not apply a stored payment event');
      }
    }
    report.violations = await this.checkInvariant();
    if (report.repaired > 0) this.logger.log(report, 'Payments reconciled');
    return report;
  }

  /** Counts (metric) and logs at error every row breaking the invariant, after the repairs above. */
  async checkInvariant(): Promise<number> {
    const rows = (await this.dataSource.query(INVARIANT_VIOLATIONS)) as {
      booking_id: string;
      rule: string;
    }[];
    const gauge = this.metrics.gauge(
      'booking_payment_invariant_violations',
      'Bookings whose captured money breaks the payment invariant, at the last reconciliation',
      ['rule'],
    );
    gauge.reset();
    for (const rule of ['confirmed_without_capture', 'payout_without_capture'])
      gauge.set({ rule }, rows.filter((r) => r.rule === rule).length);
    for (const row of rows)
      this.logger.error(
        { bookingId: row.booking_id, rule: row.rule },
        'A booking breaks the payment invariant',
      );
    return rows.length;
  }

  /** Applies the provider's view, then the follow-up a lost job would have made. */
  private async repairPayment(paymentId: string, bookingId: string, ref: string) {
    const before = await this.state(paymentId, bookingId);
    await this.lifecycle.applyPayment(paymentId, await this.provider.retrieve(ref));
    const after = await this.state(paymentId, bookingId);
    if (after.payment === 'authorized' && after.booking === 'confirmed')
      await this.lifecycle.capture(bookingId);
    else if (
      ['requires_payment', 'failed', 'authorized'].includes(after.payment) &&
      ['declined', 'expired', 'withdrawn', 'cancelled_by_guest', 'cancelled_by_host'].includes(
        after.booking,
      )
    )
      await this.lifecycle.cancelPayment(bookingId);
    const final = await this.state(paymentId, bookingId);
    return final.payment !== before.payment || final.booking !== before.booking;
  }

  private async state(paymentId: string, bookingId: string) {
    const [row] = (await this.dataSource.query(
      `SELECT p.status AS payment, b.status AS booking FROM payments p, bookings b
        WHERE p.id = $1 AND b.id = $2`,
      [paymentId, bookingId],
    )) as { payment: string; booking: string }[];
    return row;
  }

  private async changed(table: 'refunds', id: string, from: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(`SELECT status FROM ${table} WHERE id = $1`, [
      id,
    ])) as { status: string }[];
    return row?.status !== from;
  }
}
