import type { Money } from '@app/core';

/** Where a payment stands, in the same words whichever provider holds it. */
export const PAYMENT_STATUSES = [
  'requires_payment',
  'authorized',
  'succeeded',
  'canceled',
  'failed',
] as const;
export type ProviderPaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type ProviderRefundStatus = (typeof REFUND_STATUSES)[number];

export type CaptureMethod = 'automatic' | 'manual';

export interface CreatePaymentInput {
  /** Our payment id: the provider's idempotency key and the reference's origin. */
  paymentId: string;
  amount: Money;
  /** automatic: charged at once (instant book); manual: authorised now, captured later (request to book). */
  captureMethod: CaptureMethod;
  description?: string;
  metadata?: Record<string, string>;
}

/**
 * Our payment id, which a capture or a cancellation derives its idempotency key
 * from. Unset, the provider reads it from what it holds about the payment (Stripe:
 * the `payment_id` metadata written at creation), so every attempt sends the same key.
 */
export interface PaymentCallOptions {
  paymentId?: string;
}

export interface CaptureOptions extends PaymentCallOptions {
  /** Captures this much of the authorisation; unset: all of it. */
  amount?: Money;
}

export interface CreatedPayment {
  providerRef: string;
  /** What the client needs to pay (Stripe's client secret, the local provider's token). */
  clientSecret: string;
  status: ProviderPaymentStatus;
}

/** The provider's current view of a payment, for reconciliation and re-reading when in doubt. */
export interface ProviderPaymentSnapshot {
  providerRef: string;
  status: ProviderPaymentStatus;
  amount: Money;
  captureMethod: CaptureMethod;
  /** Authorised and still capturable. */
  amountCapturable: Money;
  /** Actually charged. */
  amountReceived: Money;
  metadata: Record<string, string>;
}

export interface RefundInput {
  /** The payment's provider reference. */
  ref: string;
  amount: Money;
  /** Our refund id: the idempotency key. */
  refundId: string;
}

export interface CreatedRefund {
  refundRef: string;
  status: ProviderRefundStatus;
  /** Our refund id, as sent with the refund (lets an event find a refund whose answer was lost). */
  refundId?: string;
}

export interface TransferInput {
  /** The host's connected account (Stripe Connect `acct_...`). */
  destinationAccount: string;
  amount: Money;
  /** Our payout id: the idempotency key. */
  payoutId: string;
}

export interface CreatedTransfer {
  transferRef: string;
}

export interface TransferReversalInput {
  transferRef: string;
  amount: Money;
  /** Our payout id: the idempotency key (a payout is reversed at most once). */
  payoutId: string;
}

export interface CreatedTransferReversal {
  reversalRef: string;
}

/** What an event is about, by the provider's id: a payment or a refund. */
export interface ProviderEventSubject {
  kind: 'payment' | 'refund';
  ref: string;
}

/** A verified provider event, reduced to what applying it needs. */
export interface ProviderEvent {
  id: string;
  type: string;
  /** Seconds since the epoch, as the provider stamped it. */
  created: number;
  /** The id of the object the event is about (PaymentIntent, refund). */
  objectId: string | undefined;
  object: Record<string, unknown>;
  /** The payment or refund to re-read; undefined for events nothing here follows. */
  subject: ProviderEventSubject | undefined;
}

/**
 * The port the payments domain talks to. Every mutating call sends an
 * idempotency key derived from our own ids, so a retried job never charges,
 * refunds or pays out twice.
 */
export interface PaymentProvider {
  readonly name: 'local' | 'stripe';
  /** Given to clients next to the client secret (Stripe's publishable key; none locally). */
  readonly publishableKey: string | undefined;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Captures an authorised payment, all of it or `options.amount`. */
  capture(ref: string, options?: CaptureOptions): Promise<ProviderPaymentSnapshot>;
  /** Releases an authorisation (or abandons an unpaid payment). */
  cancel(ref: string, options?: PaymentCallOptions): Promise<ProviderPaymentSnapshot>;
  refund(input: RefundInput): Promise<CreatedRefund>;
  transfer(input: TransferInput): Promise<CreatedTransfer>;
  /** Takes back (part of) a transfer, after a refund reduced what the host is owed. */
  reverseTransfer(input: TransferReversalInput): Promise<CreatedTransferReversal>;
  retrieve(ref: string): Promise<ProviderPaymentSnapshot>;
  retrieveRefund(refundRef: string): Promise<CreatedRefund>;
  /** Verifies and parses a webhook delivery; DomainError(INVALID_WEBHOOK_SIGNATURE) when it is not genuine. */
  webhookEvent(rawBody: Buffer | string, signatureHeader: string | undefined): ProviderEvent;
}

/** Injection token of the configured PaymentProvider. */
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');
