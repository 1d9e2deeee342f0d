/** Idempotency keys derived from our ids: the same operation on the same record always sends the same key. */
export const idempotencyKeys = {
  createPayment: (paymentId: string) => `payment:${paymentId}:create`,
  capture: (paymentId: string) => `payment:${paymentId}:capture`,
  cancel: (paymentId: string) => `payment:${paymentId}:cancel`,
  refund: (refundId: string) => `refund:${refundId}`,
  payout: (payoutId: string) => `payout:${payoutId}`,
  payoutReversal: (payoutId: string) => `payout:${payoutId}:reversal`,
};
