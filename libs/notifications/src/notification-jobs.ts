/** Jobs of the `notifications` queue. */
export const NotificationJob = {
  /** Send one outbox row; the job id is the row id. */
  SEND_EMAIL: 'send-email',
  /** Re-queue pending rows whose dispatch was lost (crash between commit and enqueue). */
  SWEEP_OUTBOX: 'sweep-outbox',
  /**
   * "Forgot password" for an email: the worker finds out whether it has an
   * account, so the API does the same work (and takes the same time) either way.
   */
  PASSWORD_RESET_REQUEST: 'password-reset-request',
} as const;
export type NotificationJob = (typeof NotificationJob)[keyof typeof NotificationJob];

/** Ids only: the row is the source of truth, the job just says "look at it". */
export interface SendEmailJobData {
  outboxId: string;
}

/** The address as typed (normalised): there is no account id to send before the lookup. */
export interface PasswordResetRequestJobData {
  email: string;
}

export type NotificationJobData =
  SendEmailJobData | PasswordResetRequestJobData | Record<string, never>;

/** The sweeper's job scheduler id: upserting it again is a no-op, from any process. */
export const OUTBOX_SWEEPER_ID = 'outbox-sweeper';
export const OUTBOX_SWEEP_EVERY_MS = 15_000;
/** Rows younger than this are probably about to be dispatched by their service. */
export const OUTBOX_STALE_AFTER_MS = 10_000;
export const OUTBOX_SWEEP_BATCH = 100;
