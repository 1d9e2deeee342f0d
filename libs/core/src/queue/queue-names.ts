/** Every BullMQ queue of the system; producers and processors refer to these names only. */
export const QueueName = {
  /** Operational jobs (ping, maintenance); proves the API -> queue -> worker pipe. */
  SYSTEM: 'system',
  /** Outgoing email from the notifications outbox. */
  NOTIFICATIONS: 'notifications',
  /** Booking lifecycle (deadlines, stays ending) and the payment calls it makes (capture, void, refund). */
  BOOKINGS: 'bookings',
  /** Provider webhook events, host payouts and payment reconciliation. */
  PAYMENTS: 'payments',
  /** Review windows (reminders, publication at close) and the nightly rating recompute. */
  REVIEWS: 'reviews',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
