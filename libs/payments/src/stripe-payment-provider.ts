import { DomainError, ErrorCode, money, type Money } from '@app/core';
import Stripe from 'stripe';
import { idempotencyKeys } from './idempotency-keys';
import type {
  CaptureOptions,
  CreatedPayment,
  CreatedRefund,
  CreatedTransfer,
  CreatedTransferReversal,
  CreatePaymentInput,
  PaymentCallOptions,
  PaymentProvider,
  ProviderEvent,
  ProviderPaymentSnapshot,
  ProviderEventSubject,
  RefundInput,
  TransferInput,
  TransferReversalInput,
} from './payment-provider';
import { paymentStatusFromStripe, refundStatusFromStripe } from './stripe-status';

export interface StripeProviderOptions {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Another API base (a proxy, the tests' stand-in); unset: Stripe's own. */
  api?: { protocol: 'http' | 'https'; host: string; port: number };
  /** Seconds a webhook signature stays acceptable (Stripe's default: 300). */
  webhookToleranceSeconds?: number;
}

/** Our Money is already in minor units; Stripe wants the same integer and a lower-case code. */
function toStripeAmount(amount: Money): { amount: number; currency: string } {
  if (amount.amount <= 0)
    throw new RangeError(`Stripe amounts must be positive, got ${amount.amount}`);
  return { amount: amount.amount, currency: amount.currency.toLowerCase() };
}

function fromStripe(amount: number, currency: string): Money {
  return money(amount, currency.toUpperCase());
}

function refundOf(refund: Stripe.Refund): CreatedRefund {
  const refundId = refund.metadata?.refund_id;
  return { refundRef: refund.id, status: refundStatusFromStripe(refund), refundId };
}

/**
 * The object an event is about. Charge events (charge.succeeded,
 * charge.refunded) are read as news of their PaymentIntent; refund events
 * (refund.*, and the older charge.refund.updated) of the refund.
 */
export function subjectOf(
  type: string,
  object: Record<string, unknown>,
): ProviderEventSubject | undefined {
  const id = typeof object.id === 'string' ? object.id : undefined;
  if (type.startsWith('payment_intent.') && id) return { kind: 'payment', ref: id };
  if ((type.startsWith('refund.') || type.startsWith('charge.refund.')) && id)
    return { kind: 'refund', ref: id };
  if (type.startsWith('charge.')) {
    const intent = object.payment_intent;
    if (typeof intent === 'string') return { kind: 'payment', ref: intent };
    if (intent && typeof (intent as { id?: unknown }).id === 'string')
      return { kind: 'payment', ref: (intent as { id: string }).id };
  }
  return undefined;
}

/** PaymentIntents, refunds and Connect transfers through the Stripe SDK. */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly publishableKey: string;
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeProviderOptions) {
    this.publishableKey = options.publishableKey;
    this.stripe = new Stripe(options.secretKey, {
      // The SDK retries network failures with our idempotency key, so a retry never doubles a charge.
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(options.api ?? {}),
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const intent = await this.stripe.paymentIntents.create(
      {
        ...toStripeAmount(input.amount),
        capture_method: input.captureMethod === 'manual' ? 'manual' : 'automatic',
        automatic_payment_methods: { enabled: true },
        description: input.description,
        metadata: { ...input.metadata, payment_id: input.paymentId },
      },
      { idempotencyKey: idempotencyKeys.createPayment(input.paymentId) },
    );
    if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} has no client secret`);
    return {
      providerRef: intent.id,
      clientSecret: intent.client_secret,
      status: paymentStatusFromStripe(intent),
    };
  }

  async capture(ref: string, options: CaptureOptions = {}): Promise<ProviderPaymentSnapshot> {
    const params = options.amount
      ? { amount_to_capture: toStripeAmount(options.amount).amount }
      : {};
    const paymentId = await this.paymentIdOf(ref, options);
    const intent = await this.stripe.paymentIntents.capture(ref, params, {
      idempotencyKey: idempotencyKeys.capture(paymentId),
    });
    return this.snapshot(intent);
  }

  async cancel(ref: string, options: PaymentCallOptions = {}): Promise<ProviderPaymentSnapshot> {
    const paymentId = await this.paymentIdOf(ref, options);
    const intent = await this.stripe.paymentIntents.cancel(
      ref,
      {},
      { idempotencyKey: idempotencyKeys.cancel(paymentId) },
    );
    return this.snapshot(intent);
  }

  /**
   * Our payment id for an intent: the caller's, or else the `payment_id` metadata
   * createPayment wrote (it never changes, so every retry derives the same key).
   * An intent without it was not created here and is left alone.
   */
  private async paymentIdOf(ref: string, options: PaymentCallOptions): Promise<string> {
    if (options.paymentId) return options.paymentId;
    const intent = await this.stripe.paymentIntents.retrieve(ref);
    const paymentId = intent.metadata?.payment_id;
    if (!paymentId)
      throw new Error(`PaymentIntent ${ref} has no payment_id metadata: it is not one of ours`);
    return paymentId;
  }

  async refund(input: RefundInput): Promise<CreatedRefund> {
    const refund = await this.stripe.refunds.create(
      {
        payment_intent: input.ref,
        amount: toStripeAmount(input.amount).amount,
        metadata: { refund_id: input.refundId },
      },
      { idempotencyKey: idempotencyKeys.refund(input.refundId) },
    );
    return refundOf(refund);
  }

  async retrieveRefund(refundRef: string): Promise<CreatedRefund> {
    return refundOf(await this.stripe.refunds.retrieve(refundRef));
  }

  async transfer(input: TransferInput): Promise<CreatedTransfer> {
    const transfer = await this.stripe.transfers.create(
      {
        ...toStripeAmount(input.amount),
        destination: input.destinationAccount,
        transfer_group: `payout:${input.payoutId}`,
        metadata: { payout_id: input.payoutId },
      },
      { idempotencyKey: idempotencyKeys.payout(input.payoutId) },
    );
    return { transferRef: transfer.id };
  }

  async reverseTransfer(input: TransferReversalInput): Promise<CreatedTransferReversal> {
    const reversal = await this.stripe.transfers.createReversal(
      input.transferRef,
      { amount: toStripeAmount(input.amount).amount, metadata: { payout_id: input.payoutId } },
      { idempotencyKey: idempotencyKeys.payoutReversal(input.payoutId) },
    );
    return { reversalRef: reversal.id };
  }

  async retrieve(ref: string): Promise<ProviderPaymentSnapshot> {
    return this.snapshot(await this.stripe.paymentIntents.retrieve(ref));
  }

  webhookEvent(rawBody: Buffer | string, signatureHeader: string | undefined): ProviderEvent {
    if (!signatureHeader) {
      throw new DomainError(ErrorCode.INVALID_WEBHOOK_SIGNATURE, 'Missing Stripe-Signature header');
    }
    // The SDK refuses only old timestamps; one from the future would stay replayable past the tolerance.
    const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signatureHeader)?.[1]);
    const tolerance = this.options.webhookToleranceSeconds ?? 300;
    if (Number.isFinite(signedAt) && signedAt - Date.now() / 1000 > tolerance)
      throw new DomainError(
        ErrorCode.INVALID_WEBHOOK_SIGNATURE,
        'The Stripe-Signature header is dated in the future; check the sender clock',
        { details: { signedAt } },
      );
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        this.options.webhookSecret,
        this.options.webhookToleranceSeconds,
      );
    } catch (error) {
      // Bad signature, stale timestamp and unparsable header all mean: not from Stripe.
      throw new DomainError(
        ErrorCode.INVALID_WEBHOOK_SIGNATURE,
        'The Stripe-Signature header does not verify this payload',
        { cause: error },
      );
    }
    const object = event.data.object as unknown as Record<string, unknown>;
    return {
      id: event.id,
      type: event.type,
      created: event.created,
      objectId: typeof object.id === 'string' ? object.id : undefined,
      object,
      subject: subjectOf(event.type, object),
    };
  }

  private snapshot(intent: Stripe.PaymentIntent): ProviderPaymentSnapshot {
    return {
      providerRef: intent.id,
      status: paymentStatusFromStripe(intent),
      amount: fromStripe(intent.amount, intent.currency),
      captureMethod: intent.capture_method === 'manual' ? 'manual' : 'automatic',
      amountCapturable: fromStripe(intent.amount_capturable, intent.currency),
      amountReceived: fromStripe(intent.amount_received, intent.currency),
      metadata: { ...intent.metadata },
    };
  }
}
