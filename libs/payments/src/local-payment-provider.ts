import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode, money, NotFoundError, type Money } from '@app/core';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  CaptureMethod,
  CaptureOptions,
  CreatedPayment,
  CreatedRefund,
  CreatedTransfer,
  CreatedTransferReversal,
  CreatePaymentInput,
  PaymentProvider,
  ProviderEvent,
  ProviderPaymentSnapshot,
  ProviderPaymentStatus,
  RefundInput,
  TransferInput,
  TransferReversalInput,
} from './payment-provider';

interface LocalPayment {
  ref: string;
  amount: Money;
  captureMethod: CaptureMethod;
  status: ProviderPaymentStatus;
  captured: number;
  metadata: Record<string, string>;
}

interface LocalPaymentRow {
  ref: string;
  amount: string;
  currency: string;
  capture_method: CaptureMethod;
  status: ProviderPaymentStatus;
  captured: string;
  metadata: Record<string, string>;
}

/** What the card holder does in the simulation (the local simulate route's choices). */
export type LocalPaymentOutcome = 'succeed' | 'fail';

const REF_PREFIX = 'local_pi_';

/**
 * Payments without a network, for development and tests: a stand-in for the
 * provider's own records, kept in the `local_payment_intents` table so every
 * API and worker process sees the same payment (as they would with Stripe).
 * References are derived from our ids (`local_pi_<paymentId>`), so the same
 * create twice gives the same reference.
 */
export class LocalPaymentProvider implements PaymentProvider {
  readonly name = 'local';
  readonly publishableKey = undefined;

  /** `secret` signs client secrets so only the holder of one can play the card holder. */
  constructor(
    private readonly secret: string,
    private readonly dataSource: DataSource,
  ) {}

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const ref = `${REF_PREFIX}${input.paymentId}`;
    const amount = money(input.amount.amount, input.amount.currency);
    await this.dataSource.query(
      `INSERT INTO local_payment_intents (ref, amount, currency, capture_method, status, metadata)
       VALUES ($1, $2, $3, $4, 'requires_payment', $5) ON CONFLICT (ref) DO NOTHING`,
      [
        ref,
        amount.amount,
        amount.currency,
        input.captureMethod,
        { ...input.metadata, payment_id: input.paymentId },
      ],
    );
    const payment = await this.find(this.dataSource.manager, ref);
    return { providerRef: ref, clientSecret: this.clientSecretOf(ref), status: payment.status };
  }

  /** The token a client presents to the simulate route; deterministic per reference. */
  clientSecretOf(ref: string): string {
    const mac = createHmac('sha256', this.secret).update(ref).digest('base64url').slice(0, 32);
    return `${ref}_secret_${mac}`;
  }

  verifyClientSecret(ref: string, clientSecret: string): boolean {
    const expected = Buffer.from(this.clientSecretOf(ref));
    const given = Buffer.from(clientSecret);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Plays the card holder: pays (or authorises, for manual capture) or is declined. */
  simulate(ref: string, outcome: LocalPaymentOutcome): Promise<ProviderPaymentSnapshot> {
    return this.change(ref, (payment) => {
      if (payment.status === 'requires_payment' || payment.status === 'failed') {
        if (outcome === 'fail') payment.status = 'failed';
        else if (payment.captureMethod === 'manual') payment.status = 'authorized';
        else {
          payment.status = 'succeeded';
          payment.captured = payment.amount.amount;
        }
      } else if (!(payment.status === 'succeeded' && outcome === 'succeed')) {
        this.refuse(payment, `simulate ${outcome}`);
      }
    });
  }

  /** References come from our payment ids here: there is no idempotency key to derive. */
  capture(ref: string, options: CaptureOptions = {}): Promise<ProviderPaymentSnapshot> {
    return this.change(ref, (payment) => {
      if (payment.status === 'authorized') {
        const captured = options.amount?.amount ?? payment.amount.amount;
        if (captured <= 0 || captured > payment.amount.amount)
          throw new DomainError(ErrorCode.BAD_REQUEST, `Cannot capture ${captured} of ${ref}`);
        payment.status = 'succeeded';
        payment.captured = captured;
      } else if (payment.status !== 'succeeded') this.refuse(payment, 'capture');
    });
  }

  cancel(ref: string): Promise<ProviderPaymentSnapshot> {
    return this.change(ref, (payment) => {
      if (payment.status === 'succeeded') this.refuse(payment, 'cancel');
      payment.status = 'canceled';
    });
  }

  async refund(input: RefundInput): Promise<CreatedRefund> {
    const payment = await this.find(this.dataSource.manager, input.ref);
    if (payment.status !== 'succeeded') this.refuse(payment, 'refund');
    if (input.amount.currency !== payment.amount.currency || input.amount.amount <= 0)
      throw new DomainError(
        ErrorCode.BAD_REQUEST,
        `Cannot refund ${input.amount.amount} of ${input.ref}`,
      );
    return { refundRef: `local_re_${input.refundId}`, status: 'succeeded' };
  }

  retrieveRefund(refundRef: string): Promise<CreatedRefund> {
    return Promise.resolve({ refundRef, status: 'succeeded' });
  }

  transfer(input: TransferInput): Promise<CreatedTransfer> {
    return Promise.resolve({ transferRef: `local_tr_${input.payoutId}` });
  }

  reverseTransfer(input: TransferReversalInput): Promise<CreatedTransferReversal> {
    return Promise.resolve({ reversalRef: `local_trr_${input.payoutId}` });
  }

  async retrieve(ref: string): Promise<ProviderPaymentSnapshot> {
    return this.snapshot(await this.find(this.dataSource.manager, ref));
  }

  webhookEvent(): ProviderEvent {
    throw new DomainError(
      ErrorCode.INVALID_WEBHOOK_SIGNATURE,
      'The local payment provider receives no webhooks',
    );
  }

  /** Reads, changes and writes one payment under a row lock (concurrent calls apply in turn). */
  private change(
    ref: string,
    apply: (payment: LocalPayment) => void,
  ): Promise<ProviderPaymentSnapshot> {
    return this.dataSource.transaction(async (manager) => {
      const payment = await this.find(manager, ref, true);
      apply(payment);
      await manager.query(
        'UPDATE local_payment_intents SET status = $2, captured = $3, updated_at = now() WHERE ref = $1',
        [ref, payment.status, payment.captured],
      );
      return this.snapshot(payment);
    });
  }

  private async find(manager: EntityManager, ref: string, lock = false): Promise<LocalPayment> {
    const [row] = (await manager.query(
      `SELECT * FROM local_payment_intents WHERE ref = $1${lock ? ' FOR UPDATE' : ''}`,
      [ref],
    )) as LocalPaymentRow[];
    if (!row) throw new NotFoundError('Payment', ref);
    return {
      ref: row.ref,
      amount: money(Number(row.amount), row.currency),
      captureMethod: row.capture_method,
      status: row.status,
      captured: Number(row.captured),
      metadata: row.metadata,
    };
  }

  private refuse(payment: LocalPayment, action: string): never {
    throw new DomainError(ErrorCode.INVALID_STATE, `A ${payment.status} payment cannot ${action}`, {
      details: { status: payment.status },
    });
  }

  private snapshot(payment: LocalPayment): ProviderPaymentSnapshot {
    const authorized = payment.status === 'authorized' ? payment.amount.amount : 0;
    return {
      providerRef: payment.ref,
      status: payment.status,
      amount: payment.amount,
      captureMethod: payment.captureMethod,
      amountCapturable: money(authorized, payment.amount.currency),
      amountReceived: money(payment.captured, payment.amount.currency),
      metadata: { ...payment.metadata },
    };
  }
}
