import type Stripe from 'stripe';
import type { ProviderPaymentStatus, ProviderRefundStatus } from './payment-provider';

/** Stripe's PaymentIntent statuses in the provider-neutral words. */
export function paymentStatusFromStripe(intent: Stripe.PaymentIntent): ProviderPaymentStatus {
  switch (intent.status) {
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      // Stripe has no "failed": a declined attempt sends the intent back here with the error.
      return intent.last_payment_error ? 'failed' : 'requires_payment';
    default:
      return 'requires_payment';
  }
}

export function refundStatusFromStripe(refund: Stripe.Refund): ProviderRefundStatus {
  switch (refund.status) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return 'pending';
  }
}
