/** Idempotency keys derived from our ids: the same operation on the same record always sends the same key. */
export const idempotencyKeys = {
  createPayment: (paymentId: string) => `payment:${paymentId}:create`,
  capture: (ref: string) => `payment:${ref}:capture`,
  cancel: (ref: string) => `payment:${ref}:cancel`,
  refund: (refundId: string) => `refund:${refundId}`,
  payout: (payoutId: string) => `payout:${payoutId}`,
  payoutReversal: (payoutId: string) => `payout:${payoutId}:reversal`,
};
