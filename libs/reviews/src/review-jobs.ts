/** Jobs of the `reviews` queue. */
export const ReviewJob = {
  /** Open new review windows, send reminders, publish the reviews of windows that ended. */
  SWEEP_WINDOWS: 'sweep-review-windows',
  /** Recompute every rating aggregate from the reviews (nightly). */
  RECOMPUTE_RATINGS: 'recompute-ratings',
} as const;
export type ReviewJob = (typeof ReviewJob)[keyof typeof ReviewJob];

/** Job scheduler ids: upserting one again from any worker is a no-op. */
export const REVIEW_WINDOWS_SCHEDULER_ID = 'review-windows';
export const REVIEW_WINDOWS_EVERY_MS = 60_000;
export const RATINGS_RECOMPUTE_SCHEDULER_ID = 'ratings-recompute';
/** Every night at 03:30 UTC. */
export const RATINGS_RECOMPUTE_CRON = '30 3 * * *';
